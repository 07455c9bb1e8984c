using System.Net;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

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
}
