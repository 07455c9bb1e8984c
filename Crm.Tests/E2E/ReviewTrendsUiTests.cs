using System.Globalization;
using System.Net.Http.Json;
using Crm.Domain.Common;
using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// The review's trends table: each figure over the last four quarters and the year to date against the annual target,
/// for the zone and per desk, cell by cell as <see cref="ReviewTrendsService"/> computes them; a recruiter's table is their desk's.
/// </summary>
public sealed class ReviewTrendsUiTests : BrowserTest
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private DateOnly Today => ZoneTime.ToZoneDate(Time.GetUtcNow().UtcDateTime);

    private QuarterPeriod Quarter => QuarterPeriod.Of(Today);

    private async Task<ReviewTrends> TrendsAsync(TestUser user, string? desk)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var current = new CurrentUser(user.Id, new HashSet<string> { user.Role }, user.Desk);
        var result = await scope.ServiceProvider.GetRequiredService<ReviewTrendsService>()
            .GetAsync(current, Quarter.Year, Quarter.Quarter, desk, CancellationToken.None);
        return ((ServiceResult<ReviewTrends>.Ok)result).Value;
    }

    /// <summary>Every cell of the table against the domain's trends: the four quarters, the year to date, target and gap.</summary>
    private async Task ExpectTableAsync(ReviewTrends trends)
    {
        await Assertions.Expect(Page.Locator("[data-testid=trend-row]")).ToHaveCountAsync(trends.Lines.Count);
        foreach (var line in trends.Lines)
        {
            var row = Page.Locator($"[data-testid=trend-row][data-figure={line.Figure}]");
            string Value(long v) => FigureWords.Value(line.Figure, v, Chinese);
            var expected = line.Actuals.Select(Value).Append(Value(line.YearToDate)).Append(Value(line.AnnualTarget)).Append(Value(line.Gap)).ToArray();
            await Assertions.Expect(row.Locator("td")).ToHaveTextAsync(expected);
        }
    }

    [Test]
    public async Task The_trends_table_shows_the_domains_figures_for_the_zone_and_per_desk()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        await gd.SignedOnAsync(DeskCodes.Guangdong, "趋势项目", Today);
        await gd.SignedOnAsync(DeskCodes.Guangdong, "趋势项目", Today, agreedYuan: 600_000_000);
        await fj.SignedOnAsync(DeskCodes.Fujian, "趋势项目", Today);
        var (manager, managerClient) = await Server.SignedInAsync(Roles.Manager);
        var put = await managerClient.PutAsJsonAsync($"/api/v1/targets/{Quarter.Year}/Q{Quarter.Quarter}", new TargetsInput
        {
            Zone = new() { Signed = 5, Started = 2 },
            Desks = new() { [DeskCodes.Guangdong] = new() { Signed = 3 } },
        }, CrmApp.Json);
        await put.EnsureSuccessAsync();

        var zone = await TrendsAsync(manager, null);
        var signed = zone.Lines.Single(l => l.Figure == nameof(FigureSet.Signed));
        Assert.That(zone.Quarters, Has.Count.EqualTo(4));
        Assert.That(zone.Quarters[^1], Is.EqualTo(new TrendQuarter(Quarter.Year, Quarter.Quarter)), "the last column is the page's quarter");
        Assert.That(signed.Actuals[^1], Is.GreaterThanOrEqualTo(3), "the three signings count this quarter");
        Assert.That(signed.AnnualTarget, Is.GreaterThanOrEqualTo(5), "this quarter's target is in the year's");

        await SignInAsync(manager);
        await GotoAsync("/reviews");
        await Assertions.Expect(Page.Locator("[data-testid=review-trends]")).ToBeVisibleAsync();
        await ExpectTableAsync(zone);
        await ScreenshotAsync("trends-1440-zh");

        // Guangdong only: its two signings (9亿) against its own target.
        var desk = await TrendsAsync(manager, DeskCodes.Guangdong);
        var deskSigned = desk.Lines.Single(l => l.Figure == nameof(FigureSet.Signed));
        Assert.That((deskSigned.Actuals[^1], deskSigned.AnnualTarget, deskSigned.Gap), Is.EqualTo((2L, 3L, 1L)), "two of the desk's target of 3");
        Assert.That(desk.Lines.Single(l => l.Figure == nameof(FigureSet.SignedInvestmentYuan)).Actuals[^1], Is.EqualTo(900_000_000), "3 + 6亿");
        await Page.ClickAsync("[data-testid=review-scope]");
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new($"^{DeskCodes.Guangdong}$") }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=review-period]")).ToContainTextAsync(DeskCodes.Guangdong);
        await ExpectTableAsync(desk);
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("trends-375-zh");
    }

    [Test]
    public async Task A_recruiters_trends_are_their_desks()
    {
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        await fj.SignedOnAsync(DeskCodes.Fujian, "趋势福建", Today);
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var trends = await TrendsAsync(recruiter, null);
        Assert.That(trends.Desk, Is.EqualTo(DeskCodes.Fujian));

        await SignInAsync(recruiter);
        await GotoAsync("/reviews");
        await Assertions.Expect(Page.Locator("[data-testid=review-period]")).ToContainTextAsync(DeskCodes.Fujian);
        await ExpectTableAsync(trends);
    }
}
