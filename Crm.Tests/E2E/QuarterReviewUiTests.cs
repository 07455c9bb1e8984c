using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Crm.Tests.E2E;

/// <summary>
/// The quarter review in the browser: a figure and a chart bar open exactly the deals the domain's drill-down lists, the
/// page's export holds the page's numbers, a recruiter's page and export hold only their desk; 1440 and 375 px, both languages.
/// </summary>
public sealed class QuarterReviewUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private DateOnly Today => ZoneTime.ToZoneDate(Time.GetUtcNow().UtcDateTime);

    private QuarterPeriod Quarter => QuarterPeriod.Of(Today);

    /// <summary>Signs a deal of <paramref name="desk"/> today, so it counts in the running quarter.</summary>
    private Task<DealResponse> SignedTodayAsync(HttpClient client, string desk, string tag) => client.SignedOnAsync(desk, tag, Today);

    private async Task<IReadOnlyList<int>> DrillIdsAsync(TestUser user, ReviewDrill drill, string? desk = null)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var current = new CurrentUser(user.Id, new HashSet<string> { user.Role }, user.Desk);
        var result = await scope.ServiceProvider.GetRequiredService<ReviewService>()
            .DrillAsync(current, Quarter.Year, Quarter.Quarter, desk, drill, CancellationToken.None);
        return [.. ((ServiceResult<IReadOnlyList<ReviewDeal>>.Ok)result).Value.Select(d => d.Id)];
    }

    private async Task<IReadOnlyList<int>> ShownIdsAsync()
    {
        var rows = Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]");
        return [.. (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.dealId)")).Select(int.Parse)];
    }

    private async Task CloseDrillAsync()
    {
        await Page.ClickAsync("[data-testid=drill-close]");
        await Assertions.Expect(Page.Locator("[data-testid=drill-list]")).ToHaveCountAsync(0);
    }

    /// <summary>The first sheet (the summary): each figure's actual, in the order of <see cref="FigureSet.All"/>.</summary>
    private async Task<List<object?>> ExportedActualsAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("[data-testid=review-export]"));
        var path = await download.PathAsync();
        using var stream = File.OpenRead(path);
        var rows = MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        return [.. rows.Select(r => r.Values.ElementAt(2))];
    }

    private async Task<List<string>> PageActualsAsync() =>
        [.. await Page.Locator("[data-testid=figure-row] td:nth-of-type(2)").AllInnerTextsAsync()];

    [Test]
    public async Task A_manager_clicks_a_figure_and_a_bar_and_sees_the_deals_behind_them_and_exports_the_pages_numbers()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var tag = TestData.Unique("盘点页面");
        var mine = new[] { await SignedTodayAsync(gd, DeskCodes.Guangdong, tag), await SignedTodayAsync(gd, DeskCodes.Guangdong, tag),
            await SignedTodayAsync(fj, DeskCodes.Fujian, tag) };
        var manager = await Server.CreateUserAsync(Roles.Manager);

        await SignInAsync(manager);
        await GotoAsync("/reviews");
        await Assertions.Expect(Page.Locator("[data-testid=review-figures]")).ToBeVisibleAsync();

        var expected = await DrillIdsAsync(manager, ReviewDrill.ForFigure(nameof(FigureSet.Signed)));
        Assert.That(expected, Is.SupersetOf(mine.Select(d => d.Id)), "the deals signed today are counted");
        await Page.ClickAsync($"[data-testid=figure-{nameof(FigureSet.Signed)}]");
        await Assertions.Expect(Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]")).ToHaveCountAsync(expected.Count);
        Assert.That(await ShownIdsAsync(), Is.EquivalentTo(expected), "the figure opens exactly the drill-down's deals");
        await Assertions.Expect(Page.Locator($"[data-testid=figure-{nameof(FigureSet.Signed)}]")).ToHaveTextAsync(expected.Count.ToString(CultureInfo.InvariantCulture));
        await ScreenshotAsync("drill-figure-1440-zh");
        await CloseDrillAsync();

        // The per-desk bar of Guangdong: only that desk's signings.
        var gdExpected = await DrillIdsAsync(manager, ReviewDrill.ForFigure(nameof(FigureSet.Signed), DeskCodes.Guangdong));
        Assert.That(gdExpected, Does.Contain(mine[0].Id).And.Not.Contain(mine[2].Id));
        await Page.Locator($"[data-testid=chart-desk] [data-testid=chart-bar][data-label={DeskCodes.Guangdong}]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]")).ToHaveCountAsync(gdExpected.Count);
        Assert.That(await ShownIdsAsync(), Is.EquivalentTo(gdExpected), "the bar opens exactly its desk's deals");
        await CloseDrillAsync();

        // The export from the page: the workbook's summary holds the page's figures.
        var exported = await ExportedActualsAsync();
        var shown = await PageActualsAsync();
        Assert.That(exported, Has.Count.EqualTo(shown.Count));
        var counts = (await Page.Locator("[data-testid=figure-row]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.figure)")).ToList();
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] != nameof(FigureSet.SignedInvestmentYuan))
            {
                Assert.That(Convert.ToString(exported[i], CultureInfo.InvariantCulture), Is.EqualTo(shown[i].Trim()), counts[i]);
            }
        }

        await ScreenshotAsync("review-1440-zh");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("review-375-zh");
    }

    [Test]
    public async Task A_recruiters_page_and_export_hold_only_their_desk_in_english()
    {
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var other = await SignedTodayAsync(fj, DeskCodes.Fujian, "FJ review");
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await Server.WithDbAsync(db => db.Users.Where(u => u.Id == recruiter.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, "en")));
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var own = await SignedTodayAsync(gd, DeskCodes.Guangdong, "GD review");

        await SignInAsync(recruiter);
        await GotoAsync("/reviews");
        await Assertions.Expect(Page.Locator("[data-testid=review-figures]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=review-scope]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-testid=review-period]")).ToContainTextAsync(DeskCodes.Guangdong);

        var expected = await DrillIdsAsync(recruiter, ReviewDrill.ForFigure(nameof(FigureSet.Signed)));
        Assert.That(expected, Does.Contain(own.Id).And.Not.Contain(other.Id), "the domain lists only the recruiter's desk");
        await Page.ClickAsync($"[data-testid=figure-{nameof(FigureSet.Signed)}]");
        await Assertions.Expect(Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]")).ToHaveCountAsync(expected.Count);
        Assert.That(await ShownIdsAsync(), Is.EquivalentTo(expected));
        await Assertions.Expect(Page.Locator("[data-testid=drill-list]")).Not.ToContainTextAsync(DeskCodes.Fujian);
        await CloseDrillAsync();

        var exported = await ExportedActualsAsync();
        var shown = await PageActualsAsync();
        Assert.That(Convert.ToString(exported[0], CultureInfo.InvariantCulture), Is.EqualTo(shown[0].Trim()), "the desk's signings, as the page shows them");

        await Assertions.Expect(Page.Locator("[data-testid=review-figures]")).ToContainTextAsync("Signed");
        await ScreenshotAsync("review-1440-en");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("review-375-en");
    }
}
