using System.Net.Http.Json;
using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// The app bar's search: a fragment of a Chinese name typed on a desk finds the company and opens it; on a phone the icon
/// opens the search page, where a recruiter finds their own deal's note and never another desk's. Both languages.
/// </summary>
public sealed class SearchUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private ILocator Hits(string kind) => Page.Locator($"[data-testid=search-hit][data-kind={kind}]");

    [Test]
    public async Task A_fragment_typed_in_the_app_bar_finds_the_company_and_opens_it()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var name = TestData.Unique("天津康师傅控股有限公司");
        var company = await gd.CreateCompanyAsync(name, confirm: true);

        await SignInAsync(recruiter);
        var box = Page.Locator("input[data-testid=app-search], [data-testid=app-search] input").First;
        await box.FillAsync("康师傅");
        await box.PressAsync("Enter");

        await Page.WaitForURLAsync(url => url.Contains("/search?q=", StringComparison.Ordinal));
        await Assertions.Expect(Hits("Company").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-testid=search-group]").First).ToContainTextAsync("企业");
        await ScreenshotAsync("company-found-1440-zh");

        await Hits("Company").Filter(new() { HasText = name }).GetByRole(AriaRole.Link).ClickAsync();
        await Page.WaitForURLAsync(url => url.EndsWith($"/companies/{company.Id}", StringComparison.Ordinal));
    }

    [Test]
    public async Task On_a_phone_a_recruiter_finds_their_deals_note_and_never_another_desks()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        await Server.WithDbAsync(db => db.Users.Where(u => u.Id == recruiter.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, "en")));
        var marker = TestData.Unique("冷链仓储扩建");
        var mine = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.Title = marker + "一期"));
        var theirs = await fj.CreateDealAsync(TestData.NewDeal((await fj.CreateCompanyAsync()).Id, b => b.Title = marker + "二期"));
        var note = await gd.PostAsJsonAsync($"/api/v1/deals/{mine.Id}/activities",
            new ActivityInput { Type = ActivityType.Call, OccurredOn = Time.ZoneToday(), Summary = "电话沟通" + marker + "的用地需求" }, CrmApp.Json);
        await note.EnsureSuccessAsync();

        await Page.SetViewportSizeAsync(375, 812);
        await SignInAsync(recruiter);
        await Assertions.Expect(Page.Locator("[data-testid=app-search]")).ToBeHiddenAsync();
        await Page.ClickAsync("[data-testid=app-search-icon]");
        await Page.WaitForURLAsync(url => url.EndsWith("/search", StringComparison.Ordinal));
        await WaitReadyAsync();
        await Assertions.Expect(Page.Locator("[data-testid=search-prompt]")).ToBeVisibleAsync();
        var box = Page.Locator("input[data-testid=search-q], [data-testid=search-q] input").First;
        await box.FillAsync(marker);
        await box.PressAsync("Enter");

        await Assertions.Expect(Hits("Deal")).ToHaveCountAsync(1);
        await Assertions.Expect(Hits("Deal")).ToHaveAttributeAsync("data-id", mine.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(Hits("ActivityNote")).ToHaveCountAsync(1);
        await Assertions.Expect(Hits("ActivityNote")).ToContainTextAsync(marker);
        await Assertions.Expect(Page.Locator("[data-testid=search-group][data-kind=Deal]")).ToContainTextAsync("Deals");
        await Assertions.Expect(Page.GetByText(theirs.Title)).ToHaveCountAsync(0);
        var width = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(375), "the results fit a phone's width");
        await ScreenshotAsync("note-found-375-en");

        await box.FillAsync("冷链");
        await box.PressAsync("Enter");
        await Assertions.Expect(Page.Locator("[data-testid=search-names-only]")).ToBeVisibleAsync();
    }
}
