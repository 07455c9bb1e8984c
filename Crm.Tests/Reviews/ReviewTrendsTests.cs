using System.Net;
using System.Net.Http.Json;

using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Reviews;

/// <summary>
/// The trends of the hand-built <see cref="ReviewDataset"/> seen from 2026 Q2: the quarters 2025 Q3 … 2026 Q2, the year
/// to date 2026 Q1 + Q2, the annual target the sum of 2026's quarterly targets. Every number is worked out beside it.
/// </summary>
[NonParallelizable]
public sealed class ReviewTrendsTests
{
    private ReviewDataset _set = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _set = await ReviewDataset.BuildAsync();
        foreach (var (quarter, zone, gd) in new[] { (1, 4, 2), (3, 6, 3) })
        {
            var put = await _set.Manager.PutAsJsonAsync($"/api/v1/targets/2026/Q{quarter}", new TargetsInput
            {
                Zone = new() { Signed = zone, Started = 2 },
                Desks = new() { [DeskCodes.Guangdong] = new() { Signed = gd } },
            }, CrmApp.Json);
            await put.EnsureSuccessAsync();
        }
    }

    [OneTimeTearDown]
    public void TearDown() => _set.Dispose();

    private static TrendLine Line(ReviewTrends trends, string figure) => trends.Lines.Single(l => l.Figure == figure);

    [Test]
    public async Task The_zone_over_four_quarters_and_the_year_to_date_against_the_annual_target()
    {
        var trends = (await _set.Manager.GetFromJsonAsync<ReviewTrends>("/api/v1/reviews/2026/Q2/trends", CrmApp.Json))!;
        var signed = Line(trends, nameof(FigureSet.Signed));
        var started = Line(trends, nameof(FigureSet.Started));
        var yuan = Line(trends, nameof(FigureSet.SignedInvestmentYuan));
        Assert.Multiple(() =>
        {
            Assert.That(trends.Quarters, Is.EqualTo(new[] { new TrendQuarter(2025, 3), new(2025, 4), new(2026, 1), new(2026, 2) }));
            // 2025 Q4: D3 (12-31). 2026 Q1: D1, D2, D4, D5, D6. 2026 Q2: D9.
            Assert.That(signed.Actuals, Is.EqualTo(new long[] { 0, 1, 5, 1 }));
            Assert.That(signed.YearToDate, Is.EqualTo(6), "2026 only: D3 signed in 2025 is not in the year");
            Assert.That(signed.AnnualTarget, Is.EqualTo(10), "Q1 4 + Q3 6");
            Assert.That(signed.Gap, Is.EqualTo(4));
            // D1 (03-10), D5 (03-05, started again 04-15: still Q1), D3 (04-10).
            Assert.That(started.Actuals, Is.EqualTo(new long[] { 0, 0, 2, 1 }));
            Assert.That((started.YearToDate, started.AnnualTarget, started.Gap), Is.EqualTo((3L, 4L, 1L)));
            // D3 5亿; Q1 6 + 2 + 1 + 3 + 8 = 20亿; D9 4亿.
            Assert.That(yuan.Actuals, Is.EqualTo(new long[] { 0, 500_000_000, 2_000_000_000, 400_000_000 }));
            Assert.That((yuan.YearToDate, yuan.AnnualTarget, yuan.Gap), Is.EqualTo((2_400_000_000L, 0L, 0L)), "no money target: nothing to go");
        });
    }

    [Test]
    public async Task A_desks_trend_and_a_recruiter_sees_only_their_own()
    {
        var gd = (await _set.Manager.GetFromJsonAsync<ReviewTrends>($"/api/v1/reviews/2026/Q2/trends?desk={DeskCodes.Guangdong}", CrmApp.Json))!;
        var (_, fjRecruiter) = await _set.App.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var fj = (await fjRecruiter.GetFromJsonAsync<ReviewTrends>("/api/v1/reviews/2026/Q2/trends", CrmApp.Json))!;
        var fjAsksGd = await fjRecruiter.GetAsync($"/api/v1/reviews/2026/Q2/trends?desk={DeskCodes.Guangdong}");
        Assert.Multiple(() =>
        {
            Assert.That(gd.Desk, Is.EqualTo(DeskCodes.Guangdong));
            // GD: D1, D2, D5 in Q1; D9 in Q2. Targets Q1 2 + Q3 3.
            Assert.That(Line(gd, nameof(FigureSet.Signed)).Actuals, Is.EqualTo(new long[] { 0, 0, 3, 1 }));
            Assert.That((Line(gd, nameof(FigureSet.Signed)).YearToDate, Line(gd, nameof(FigureSet.Signed)).AnnualTarget), Is.EqualTo((4L, 5L)));
            // 6 + 2 + 3 = 11亿 in Q1, D9 4亿 in Q2.
            Assert.That(Line(gd, nameof(FigureSet.SignedInvestmentYuan)).YearToDate, Is.EqualTo(1_500_000_000));
            // FJ: D3 in 2025 Q4; D4 and D6 in Q1.
            Assert.That(fj.Desk, Is.EqualTo(DeskCodes.Fujian), "a recruiter's trends are their desk's");
            Assert.That(Line(fj, nameof(FigureSet.Signed)).Actuals, Is.EqualTo(new long[] { 0, 1, 2, 0 }));
            Assert.That(Line(fj, nameof(FigureSet.Signed)).YearToDate, Is.EqualTo(2));
            Assert.That(fjAsksGd.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
