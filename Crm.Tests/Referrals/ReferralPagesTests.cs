using System.Security.Claims;
using System.Text.Encodings.Web;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Referrals;

/// <summary>
/// The referral pages render (server prerender) for the roles they are for, with real data. The browser test of
/// the triage clicks is Playwright's (not here); this catches a page that throws or shows the wrong records.
/// </summary>
public sealed class ReferralPagesTests
{
    [Test]
    public async Task Advisor_portal_shows_own_referrals_and_results_and_the_triage_queue_shows_duplicates()
    {
        using var app = new PageApp();
        var (advisorA, a) = await app.SignedInAsync(Roles.Advisor);
        var (_, b) = await app.SignedInAsync(Roles.Advisor);
        var manager = await app.CreateUserAsync(Roles.Manager);
        var (_, recruiter) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var heika = await recruiter.CreateCompanyAsync("广州黑卡饮料有限公司");
        await recruiter.CreateDealAsync(TestData.NewDeal(heika.Id));
        await a.SubmitReferralAsync("黑卡饮料");
        await b.SubmitReferralAsync("乙顾问的秘密企业");

        var portal = await app.PageAsync("/referrals", advisorA.Id, Roles.Advisor);
        Assert.That(portal, Does.Contain("我的推荐").And.Contain("黑卡饮料").And.Contain("GD 小组自").And.Not.Contain("乙顾问的秘密企业"));

        var triage = await app.PageAsync("/referrals/triage", manager.Id, Roles.Manager);
        Assert.That(triage, Does.Contain("推荐分拣").And.Contain("黑卡饮料").And.Contain("广州黑卡饮料有限公司").And.Contain("乙顾问的秘密企业"));

        var denied = await app.PageResponseAsync("/referrals/triage", advisorA.Id, Roles.Advisor);
        Assert.That((int)denied.StatusCode, Is.EqualTo(403).Or.EqualTo(302));
    }

    /// <summary>The real host with one more authentication scheme: the page request names its user in a header.</summary>
    private sealed class PageApp : CrmApp
    {
        public const string Scheme = "PageTest";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderUser>(Scheme, _ => { });
                services.PostConfigure<AuthenticationOptions>(o =>
                {
                    o.DefaultAuthenticateScheme = Scheme;
                    o.DefaultChallengeScheme = Scheme;
                    o.DefaultForbidScheme = Scheme;
                });
            });
        }

        public async Task<HttpResponseMessage> PageResponseAsync(string path, string userId, string role)
        {
            var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add(HeaderUser.Header, $"{userId}|{role}");
            return await client.GetAsync(path);
        }

        public async Task<string> PageAsync(string path, string userId, string role)
        {
            var response = await PageResponseAsync(path, userId, role);
            await response.EnsureSuccessAsync();
            return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
    }

    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Header = "X-Page-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].FirstOrDefault() is not { } value)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var (id, role) = (value.Split('|')[0], value.Split('|')[1]);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], PageApp.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PageApp.Scheme)));
        }
    }
}
