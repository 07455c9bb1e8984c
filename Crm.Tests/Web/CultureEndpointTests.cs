using System.Net;
using Crm.Domain.Auditing;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Web;

public sealed class CultureEndpointTests
{
    [Test]
    public async Task Setting_the_culture_remembers_it_in_a_cookie_and_goes_back()
    {
        using var app = new CrmApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture/set?culture=en&redirectUri=%2Fpipeline%3Fq%3D1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/pipeline?q=1"));
        Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.StartWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den"));
    }

    [TestCase("//evil.example/")]
    [TestCase("https://evil.example/")]
    [TestCase("/\\evil.example")]
    public async Task The_redirect_never_leaves_the_site(string target)
    {
        using var app = new CrmApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture/set?culture=zh-CN&redirectUri=" + Uri.EscapeDataString(target));

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task An_unknown_culture_falls_back_to_chinese()
    {
        using var app = new CrmApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture/set?culture=fr&redirectUri=/");

        Assert.That(response.Headers.GetValues("Set-Cookie").Single(), Does.Contain("c%3Dzh-CN"));
    }

    [Test]
    public async Task Pages_need_a_sign_in_and_the_sign_in_page_speaks_the_browsers_language()
    {
        using var app = new CrmApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var home = await client.GetAsync("/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(home.Headers.Location?.AbsolutePath, Is.EqualTo("/account/login"));

        using var english = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var page = await (await client.SendAsync(english)).Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain("Sign in"));

        var chinese = WebUtility.HtmlDecode(await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync());
        Assert.That(chinese, Does.Contain("登录"));
    }

    private static readonly string EnglishPipeline = Catalogue.Text("Nav.Pipeline", Catalogue.EnglishCulture);
    private static readonly string ChinesePipeline = Catalogue.Text("Nav.Pipeline", Catalogue.ChineseCulture);

    [Test]
    public async Task An_english_user_reads_english_pages_in_a_chinese_browser()
    {
        using var app = new CrmApp();
        var user = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await SetLanguageAsync(app, user, "en");
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await browser.SignInWithFormAsync(user, acceptLanguage: "zh-CN");
        var home = await browser.PageAsync("/", acceptLanguage: "zh-CN");

        Assert.That(home, Does.Contain(EnglishPipeline).And.Not.Contain(ChinesePipeline));
    }

    [Test]
    public async Task A_chinese_user_reads_chinese_pages_even_after_an_english_cookie()
    {
        using var app = new CrmApp();
        var user = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await browser.GetAsync("/culture/set?culture=en&redirectUri=/");

        await browser.SignInWithFormAsync(user, acceptLanguage: "en");
        var home = await browser.PageAsync("/", acceptLanguage: "en");

        Assert.That(home, Does.Contain(ChinesePipeline).And.Not.Contain(EnglishPipeline));
    }

    [Test]
    public async Task Choosing_a_language_signed_in_saves_it_on_the_user_and_a_new_browser_applies_it()
    {
        using var app = new CrmApp();
        var user = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await browser.SignInWithFormAsync(user);
        Assert.That(await browser.PageAsync("/"), Does.Contain(ChinesePipeline));

        var response = await browser.GetAsync("/culture/set?culture=en&redirectUri=%2F");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await browser.PageAsync("/"), Does.Contain(EnglishPipeline), "the refreshed sign-in carries the new language at once");
        var (stored, audited) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Id == user.Id).Select(u => u.Language).SingleAsync(),
            await db.AuditLog.CountAsync(a => a.EntityId == user.Id && a.Action == AuditActions.SetLanguage && a.UserId == user.Id)));
        Assert.That((stored, audited), Is.EqualTo(("en", 1)));

        var otherBrowser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await otherBrowser.SignInWithFormAsync(user, acceptLanguage: "zh-CN");
        Assert.That(await otherBrowser.PageAsync("/", acceptLanguage: "zh-CN"), Does.Contain(EnglishPipeline).And.Not.Contain(ChinesePipeline));
    }

    [Test]
    public async Task Signing_in_makes_the_browser_remember_the_users_language_for_the_sign_in_page()
    {
        using var app = new CrmApp();
        var user = await app.CreateUserAsync(Roles.Advisor);
        await SetLanguageAsync(app, user, "en");
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var signedIn = await browser.SignInWithFormAsync(user, acceptLanguage: "zh-CN");

        Assert.That(signedIn.Headers.GetValues("Set-Cookie"), Has.Some.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den"));
    }

    internal static Task SetLanguageAsync(CrmApp app, TestUser user, string language) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, language)));
}
