using Crm.Domain.Localization;
using Crm.Web.Hosting;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// The API reference in a real browser, at desktop width: everything it loads comes from the zone's own host (no outside
/// fonts, no CSP refusals), it offers no hosted-service buttons, and it links back to the app; the app has a favicon.
/// </summary>
public sealed class ApiReferenceUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    protected override string Locale => "en";

    [Test]
    public async Task The_API_reference_loads_only_from_the_zone_host_offers_no_hosted_services_and_leads_back_to_the_app()
    {
        var origin = new Uri(Server.BaseUrl).GetLeftPart(UriPartial.Authority);
        var outside = new List<string>();
        var refused = new List<string>();
        Page.Request += (_, request) =>
        {
            if (request.Url.StartsWith("http", StringComparison.Ordinal) && !request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };

        await Page.GotoAsync(ApiReference.Path);
        // The reference has rendered the document: an operation of the API is on the page.
        await Assertions.Expect(Page.GetByText("Exchange email and password for an access and a refresh token.").First).ToBeVisibleAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync("api-reference");

        var back = Page.Locator("a.crm-back");
        var body = await Page.Locator("body").InnerTextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(outside, Is.Empty, "requests that leave the zone's host");
            Assert.That(refused, Is.Empty, "resources refused by the Content Security Policy");
            foreach (var offer in new[] { "Ask AI", "Deploy", "Generate SDK" })
            {
                Assert.That(body, Does.Not.Contain(offer), offer);
            }
        });
        var english = Catalogue.EnglishCulture;
        await Assertions.Expect(back).ToHaveTextAsync(Catalogue.Text("Api.Reference.Back", english, Catalogue.Text("App.Name", english)));
        await Assertions.Expect(back).ToHaveAttributeAsync("href", "/");
        await Assertions.Expect(Page).ToHaveTitleAsync(ApiReference.Title);
    }

    [Test]
    public async Task The_app_and_the_API_reference_have_the_zone_favicon()
    {
        await Page.GotoAsync("/account/login");
        var icon = await Page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var served = await Page.APIRequest.GetAsync(icon!);
        Assert.That(served.Status, Is.EqualTo(200));
        Assert.That(served.Headers["content-type"], Does.StartWith("image/svg+xml"));

        await Page.GotoAsync(ApiReference.Path);
        var referenceIcon = await Page.Locator("link[rel=icon]").First.GetAttributeAsync("href");
        Assert.That(referenceIcon, Is.EqualTo(ApiReference.Favicon));
        Assert.That((await Page.APIRequest.GetAsync(ApiReference.Favicon)).Status, Is.EqualTo(200));
    }
}
