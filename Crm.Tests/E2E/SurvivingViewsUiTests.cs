using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>A filtered deal list survives a reload, the back button and a copied link; a saved view reopens it; the calendar.</summary>
public sealed class SurvivingViewsUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private ILocator Rows => Page.Locator("#deal-grid a[href^='/deals/']");

    [Test]
    public async Task A_filtered_list_survives_a_reload_the_back_button_and_a_copied_link_and_a_saved_view_reopens_it()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var tag = TestData.Unique("留存视图");
        foreach (var region in new[] { Region.BohaiRim, Region.PearlRiverDelta, Region.PearlRiverDelta })
        {
            await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync(TestData.Unique(tag + "食品有限公司"))).Id,
                b => { b.Title = TestData.Unique(tag + "项目"); b.Region = region; }), confirm: true);
        }

        await SignInAsync(recruiter);
        await GotoAsync("/deals");
        await FillAsync("filter-search", tag);
        await Page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        await Assertions.Expect(Rows).ToHaveCountAsync(3);
        Assert.That(new Uri(Page.Url).Query, Is.EqualTo("?q=" + Uri.EscapeDataString(tag)), "the filter is in the address, in the API's names");

        // A link naming another filter (as a colleague would send it) opens the list so filtered, and the fields say so.
        var link = $"/deals?q={Uri.EscapeDataString(tag)}&region={Region.BohaiRim}";
        await GotoAsync(link);
        await Assertions.Expect(Rows).ToHaveCountAsync(1);
        await Page.ReloadAsync();
        await WaitReadyAsync();
        await Assertions.Expect(Rows).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("input#filter-search, #filter-search input").First).ToHaveValueAsync(tag);
        await ScreenshotAsync("reloaded-1440");

        await Page.GoBackAsync();
        await WaitReadyAsync();
        await Assertions.Expect(Rows).ToHaveCountAsync(3);
        await Page.GoForwardAsync();
        await WaitReadyAsync();
        await Assertions.Expect(Rows).ToHaveCountAsync(1);

        // Saved as a view, it reopens from the plain list.
        await FillAsync("saved-view-name", "环渤海");
        await Page.ClickAsync("#saved-view-save");
        await Assertions.Expect(Page.Locator("[data-test=saved-view]")).ToContainTextAsync("环渤海");
        await GotoAsync("/deals");
        await Page.Locator("[data-test=saved-view]").Filter(new() { HasText = "环渤海" }).ClickAsync();
        await Page.WaitForURLAsync(url => url.Contains("region=BohaiRim", StringComparison.Ordinal));
        await Assertions.Expect(Rows).ToHaveCountAsync(1);

        // The copied link in another user's browser: the same list (a colleague of the desk sees the same deals).
        var colleague = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(colleague);
        await GotoAsync(link);
        await Assertions.Expect(Rows).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-test=saved-view]")).ToHaveCountAsync(0);
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("copied-link-375");
    }

    [Test]
    public async Task The_calendar_shows_a_follow_up_set_a_moment_before_and_an_overdue_one_in_red_each_opening_its_deal()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var today = ZoneTime.ToZoneDate(Time.GetUtcNow().UtcDateTime);
        var due = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id,
            b => { b.Title = TestData.Unique("日历今日项目"); b.NextFollowUpOn = today; }));
        var late = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id,
            b => { b.Title = TestData.Unique("日历逾期项目"); b.LeadOn = today.AddDays(-10); b.NextFollowUpOn = today.AddDays(-1); }));

        await SignInAsync(recruiter);
        await GotoAsync("/calendar");
        var entry = Page.Locator("[data-test=calendar-entry]").Filter(new() { HasText = due.Title });
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("overdue"));
        await ScreenshotAsync("week-1440");

        await GotoAsync($"/calendar?on={today.AddDays(-1):yyyy-MM-dd}");
        await Page.ClickAsync("#calendar-month");
        await Page.WaitForURLAsync(url => url.Contains("view=month", StringComparison.Ordinal));
        var overdue = Page.Locator("[data-test=calendar-entry]").Filter(new() { HasText = late.Title });
        await Assertions.Expect(overdue).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("overdue"));
        await Assertions.Expect(overdue).ToHaveCSSAsync("color", "rgb(198, 40, 40)");
        await ScreenshotAsync("month-1440");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("month-375");

        await overdue.ClickAsync();
        await Page.WaitForURLAsync(url => url.EndsWith($"/deals/{late.Id}", StringComparison.Ordinal));

        // The feed address is made on the page and answers the same follow-ups.
        await GotoAsync("/calendar");
        await Page.ClickAsync("#calendar-feed-rotate");
        var url = await Page.Locator("#calendar-feed-url input, input#calendar-feed-url").First.InputValueAsync();
        using var anonymous = new HttpClient();
        var ics = await anonymous.GetStringAsync(url);
        Assert.That(Calendar.ICalendarReader.Parse(ics).Children.Select(e => e["UID"]), Does.Contain($"FollowUp-{due.Id}@zone-crm"));
        await Page.ClickAsync("#calendar-feed-revoke");
        await Assertions.Expect(Page.Locator("#calendar-feed-revoke")).ToHaveCountAsync(0);
        Assert.That((await anonymous.GetAsync(url)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
    }
}
