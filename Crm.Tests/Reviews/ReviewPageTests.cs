using System.Security.Claims;

using Crm.Domain.Deals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Web.Components.Pages.Reviews;

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Reviews;

public sealed class ReviewPageTests
{
    [Test]
    public async Task Review_page_renders_the_running_quarters_figures_for_a_manager()
    {
        using var app = new CrmApp(new FakeTimeProvider(ReviewDataset.Today));
        var (manager, client) = await app.SignedInAsync(Roles.Manager);
        var deal = await client.CreateDealAsync(TestData.NewDeal((await client.CreateCompanyAsync()).Id, b =>
        {
            b.Desk = "GD";
            b.Title = "页面测试项目";
            b.LeadOn = new DateOnly(2026, 4, 2);
        }));
        await client.MoveAsync(deal, DealStage.Signed, new DateOnly(2026, 4, 20), 700_000_000, new DateOnly(2026, 6, 1), new DateOnly(2026, 12, 1));

        await using var scope = app.Services.CreateAsyncScope();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, manager.Id), new Claim(ClaimTypes.Role, Roles.Manager)], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new("zh-CN");
            var root = await renderer.RenderComponentAsync<QuarterReviewPage>();
            await root.QuiescenceTask;
            return System.Net.WebUtility.HtmlDecode(root.ToHtmlString());
        });

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("季度项目盘点"));
            Assert.That(html, Does.Contain("页面测试项目"), "the signed deal is listed");
            Assert.That(html, Does.Contain("7亿元"), "its amount in the unit that reads best");
            Assert.That(html, Does.Not.Contain("Quarterly"), "one language");
            Assert.That(html, Does.Contain("<svg"), "charts are drawn");
        });
    }
}
