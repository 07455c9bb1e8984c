using System.Net;
using System.Net.Http.Json;

using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Reviews;

/// <summary>
/// The review of the hand-built <see cref="ReviewDataset"/>. The data is built once and only read by the tests; every
/// expected number is worked out in the comment beside it.
/// </summary>
[NonParallelizable]
public sealed class QuarterReviewTests
{
    private ReviewDataset _set = null!;
    private QuarterReview _q1 = null!;
    private QuarterReview _q2 = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _set = await ReviewDataset.BuildAsync();
        var targets = await _set.Manager.PutAsJsonAsync("/api/v1/targets/2026/Q1", new TargetsInput
        {
            Zone = new() { Signed = 4, Started = 4, Producing = 2, SignedInvestmentYuan = 2_500_000_000, MajorProjects = 2, TopTierCompanies = 1 },
            Desks = new() { ["GD"] = new() { Signed = 2, Started = 2, Producing = 1, SignedInvestmentYuan = 1_000_000_000, MajorProjects = 1, TopTierCompanies = 1 } },
        }, CrmApp.Json);
        await targets.EnsureSuccessAsync();
        _q1 = await _set.Manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q1?expand=deals", CrmApp.Json) ?? throw new InvalidOperationException();
        _q2 = await _set.Manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q2?expand=deals", CrmApp.Json) ?? throw new InvalidOperationException();
    }

    [OneTimeTearDown]
    public void TearDown() => _set.Dispose();

    private int[] Ids(params string[] keys) => [.. keys.Select(_set.Id).Order()];

    private static int[] Ids(IEnumerable<ReviewDeal> deals) => [.. deals.Select(d => d.Id).Order()];

    [Test]
    public void Closed_quarter_counts_first_entries_into_each_milestone_zone_wide()
    {
        // Signed in Q1: D1 (01-01, first day), D2 (03-31, last day), D4 (expansion), D5, D6 (withdrawn later). D3 signed 2025-12-31.
        var zone = _q1.Zone!;
        Assert.Multiple(() =>
        {
            Assert.That(_q1.IsRunning, Is.False);
            Assert.That(_q1.AsOf, Is.EqualTo(new DateOnly(2026, 3, 31)));
            Assert.That(zone.Signed.Actual, Is.EqualTo(5));
            Assert.That(zone.Signed.Target, Is.EqualTo(4));
            Assert.That(zone.Signed.PercentAttained, Is.EqualTo(125.0m));
            // 6 + 2 + 1 (the expansion's own amount) + 3 + 8 = 20亿.
            Assert.That(zone.SignedInvestmentYuan.Actual, Is.EqualTo(2_000_000_000));
            Assert.That(zone.SignedInvestmentYuan.PercentAttained, Is.EqualTo(80.0m));
            // ≥ 5亿: D1 (6亿) and the withdrawn D6 (8亿).
            Assert.That(zone.MajorProjects.Actual, Is.EqualTo(2));
            // Fortune Global 500 D1 and the China Top 500 company's expansion D4.
            Assert.That(zone.TopTierCompanies.Actual, Is.EqualTo(2));
            // D1 (03-10) and D5 (03-05; moved back and started again in Q2: still one, in Q1).
            Assert.That(zone.Started.Actual, Is.EqualTo(2));
            Assert.That(zone.Started.PercentAttained, Is.EqualTo(50.0m));
            Assert.That(zone.Producing.Actual, Is.EqualTo(0));
            Assert.That(zone.Signed.Projected, Is.Null, "no projection for a closed quarter");
            Assert.That(Ids(_q1.Deals!.Signed), Is.EqualTo(Ids("D1", "D2", "D4", "D5", "D6")));
            Assert.That(Ids(_q1.Deals!.Started), Is.EqualTo(Ids("D1", "D5")));
            Assert.That(Ids(_q1.Deals!.Signed.Where(d => d.IsMajor)), Is.EqualTo(Ids("D1", "D6")));
            Assert.That(Ids(_q1.Deals!.Signed.Where(d => d.IsTopTier)), Is.EqualTo(Ids("D1", "D4")));
        });
    }

    [Test]
    public void Closed_quarter_figures_per_desk()
    {
        var gd = _q1.Desks["GD"];
        var fj = _q1.Desks["FJ"];
        Assert.Multiple(() =>
        {
            // GD: D1, D2, D5 = 6 + 2 + 3 亿; FJ: D4, D6 = 1 + 8 亿.
            Assert.That((gd.Signed.Actual, gd.SignedInvestmentYuan.Actual, gd.MajorProjects.Actual, gd.TopTierCompanies.Actual, gd.Started.Actual),
                Is.EqualTo((3L, 1_100_000_000L, 1L, 1L, 2L)));
            Assert.That((fj.Signed.Actual, fj.SignedInvestmentYuan.Actual, fj.MajorProjects.Actual, fj.TopTierCompanies.Actual, fj.Started.Actual),
                Is.EqualTo((2L, 900_000_000L, 1L, 1L, 0L)));
            Assert.That(gd.Signed.Target, Is.EqualTo(2));
            Assert.That(gd.Signed.PercentAttained, Is.EqualTo(150.0m));
            Assert.That(fj.Signed.PercentAttained, Is.Null, "no target, no percentage");
            Assert.That(_q1.Desks["BJ"].Signed.Actual, Is.EqualTo(0));
            // Zone target 4 signed, the desks' 2: 2 are not assigned to any desk.
            Assert.That(_q1.TargetsNotAssignedToDesks!.Signed, Is.EqualTo(2));
            Assert.That(_q1.TargetsNotAssignedToDesks!.SignedInvestmentYuan, Is.EqualTo(1_500_000_000));
        });
    }

    [Test]
    public async Task A_move_at_23_30_Beijing_on_31_March_belongs_to_Q1()
    {
        var recorded = await _set.App.WithDbAsync(db => db.StageChanges
            .Where(s => s.DealId == _set.Id("D2") && s.ToStage == DealStage.Signed).Select(s => new { s.RecordedAt, s.EffectiveOn }).SingleAsync());
        Assert.Multiple(() =>
        {
            Assert.That(recorded.RecordedAt, Is.EqualTo(new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc)));
            Assert.That(recorded.EffectiveOn, Is.EqualTo(new DateOnly(2026, 3, 31)));
            Assert.That(Ids(_q1.Deals!.Signed), Does.Contain(_set.Id("D2")));
            Assert.That(Ids(_q2.Deals!.Signed), Does.Not.Contain(_set.Id("D2")));
            // And the first day of a quarter is in it: D9 signed 04-01 is Q2's, D1 signed 01-01 is Q1's.
            Assert.That(Ids(_q2.Deals!.Signed), Is.EqualTo(Ids("D9")));
        });
    }

    [Test]
    public void Flows_count_each_deal_once_per_stage_entered_in_the_quarter()
    {
        int Flow(QuarterReview review, DealStage stage) => review.Flows.Single(f => f.Stage == stage).Deals;
        Assert.Multiple(() =>
        {
            // Q1 leads: D2, D4, D5, D6, D7 (D1 and D3 came in 2025). D7 went straight to Negotiating.
            Assert.That(Flow(_q1, DealStage.Lead), Is.EqualTo(5));
            Assert.That(Flow(_q1, DealStage.Contacted), Is.EqualTo(0));
            Assert.That(Flow(_q1, DealStage.Negotiating), Is.EqualTo(1));
            // D5 re-entered Signed on 03-20 (moved back): not a second signing.
            Assert.That(Flow(_q1, DealStage.Signed), Is.EqualTo(5));
            Assert.That(_q1.Flows.Single(f => f.Stage == DealStage.Signed).InvestmentYuan, Is.EqualTo(2_000_000_000));
            Assert.That(Flow(_q1, DealStage.Started), Is.EqualTo(2));
            // Q2: D9 created and signed; D3 started (D5's second start does not count); D1 producing.
            Assert.That(Flow(_q2, DealStage.Lead), Is.EqualTo(1));
            Assert.That(Flow(_q2, DealStage.Signed), Is.EqualTo(1));
            Assert.That(Flow(_q2, DealStage.Started), Is.EqualTo(1));
            Assert.That(Ids(_q2.Deals!.Started), Is.EqualTo(Ids("D3")));
            Assert.That(Flow(_q2, DealStage.Producing), Is.EqualTo(1));
            Assert.That(_q2.Flows.Single(f => f.Stage == DealStage.Producing).InvestmentYuan, Is.EqualTo(600_000_000));
        });
    }

    [Test]
    public void Snapshot_of_a_closed_quarter_ignores_later_changes()
    {
        // On 03-31: D1 Started; D2, D3, D4, D5 (moved back) Signed; D6 Signed but Withdrawn; D7 Negotiating. D9 did not exist.
        // Since then D1 went Producing, D3 and D5 Started: none of it may show.
        var expected = new[]
        {
            new SnapshotLine(DealStage.Negotiating, DealStatus.Active, 1, 50_000_000),
            new SnapshotLine(DealStage.Signed, DealStatus.Active, 4, 1_100_000_000),
            new SnapshotLine(DealStage.Signed, DealStatus.Withdrawn, 1, 800_000_000),
            new SnapshotLine(DealStage.Started, DealStatus.Active, 1, 600_000_000),
        };
        Assert.Multiple(() =>
        {
            Assert.That(_q1.Snapshot, Is.EqualTo(expected));
            Assert.That(_q1.Deals!.Snapshot.Single(d => d.Id == _set.Id("D5")).Stage, Is.EqualTo(DealStage.Signed));
            Assert.That(_q1.Deals!.Snapshot.Single(d => d.Id == _set.Id("D1")).Stage, Is.EqualTo(DealStage.Started));
            // Q2, today: D1 Producing; D3, D5 Started; D2, D4, D9 Signed; D6 withdrawn; D7 Negotiating.
            Assert.That(_q2.Snapshot.Single(s => s.Stage == DealStage.Producing).Deals, Is.EqualTo(1));
            Assert.That(_q2.Snapshot.Single(s => s.Stage == DealStage.Started).Deals, Is.EqualTo(2));
            Assert.That(_q2.Snapshot.Single(s => s is { Stage: DealStage.Signed, Status: DealStatus.Active }).Deals, Is.EqualTo(3));
        });
    }

    [Test]
    public void Signed_investment_by_month_from_January_to_the_day_counted()
    {
        // Jan: D1 6亿 + D6 8亿; Feb: D4 1亿 + D5 3亿; Mar: D2 2亿; Apr: D9 4亿; May: none (to the 15th).
        Assert.Multiple(() =>
        {
            Assert.That(_q1.SignedByMonth, Is.EqualTo(new[]
            {
                new MonthLine(1, 2, 1_400_000_000), new MonthLine(2, 2, 400_000_000), new MonthLine(3, 1, 200_000_000),
            }));
            Assert.That(_q2.SignedByMonth.Select(m => m.Deals), Is.EqualTo(new[] { 2, 2, 1, 1, 0 }));
        });
    }

    [Test]
    public void Withdrawn_deal_keeps_its_signing_but_is_not_slipped()
    {
        var d6 = _set.Id("D6");
        Assert.Multiple(() =>
        {
            Assert.That(Ids(_q1.Deals!.Signed), Does.Contain(d6));
            Assert.That(_q1.Deals!.Signed.Single(d => d.Id == d6).Status, Is.EqualTo(DealStatus.Withdrawn));
            // Q1 slipped start: D3 (planned 02-01, started only 04-10). D6 (planned 03-15) is withdrawn.
            Assert.That(_q1.Slipped.Start, Is.EqualTo(1));
            Assert.That(Ids(_q1.Deals!.SlippedStart), Is.EqualTo(Ids("D3")));
            Assert.That(_q1.Slipped.Production, Is.EqualTo(0));
        });
    }

    [Test]
    public void Running_quarter_projects_from_the_agreements_and_lists_slipped_and_stale()
    {
        var zone = _q2.Zone!;
        Assert.Multiple(() =>
        {
            Assert.That(_q2.IsRunning, Is.True);
            Assert.That(_q2.AsOf, Is.EqualTo(new DateOnly(2026, 5, 15)));
            Assert.That((zone.Signed.Actual, zone.Started.Actual, zone.Producing.Actual), Is.EqualTo((1L, 1L, 1L)));
            // D9 is to start on 05-30: started 1 + 1. D3 is to produce on 06-30: producing 1 + 1.
            Assert.That(zone.Started.Projected, Is.EqualTo(2));
            Assert.That(zone.Producing.Projected, Is.EqualTo(2));
            Assert.That(zone.Signed.Projected, Is.EqualTo(1));
            Assert.That(_q2.Desks["GD"].Started.Projected, Is.EqualTo(1));
            Assert.That(_q2.Desks["FJ"].Producing.Projected, Is.EqualTo(1));
            // Planned start on or before today without a start: D2 (04-20), D4 (05-01). D9's 05-30 has not come.
            Assert.That(Ids(_q2.Deals!.SlippedStart), Is.EqualTo(Ids("D2", "D4")));
            Assert.That(_q2.Slipped.Start, Is.EqualTo(2));
            // No activity since 04-15: only D7 (D1 producing, D6 withdrawn, the rest visited 05-10).
            Assert.That(_q2.Stale, Is.EqualTo(1));
            Assert.That(Ids(_q2.Deals!.Stale), Is.EqualTo(Ids("D7")));
        });
    }

    [Test]
    public void Rates_and_average_days_for_deals_signed_this_year()
    {
        Assert.Multiple(() =>
        {
            // By 03-31: 5 signed this year, D1 and D5 started: 40 %. D1 took 68 days (01-01 → 03-10), D5 32 (02-01 → 03-05).
            Assert.That((_q1.Rates.SignedThisYear, _q1.Rates.OfWhichStarted, _q1.Rates.OfWhichProducing), Is.EqualTo((5, 2, 0)));
            Assert.That(_q1.Rates.StartedRatePercent, Is.EqualTo(40.0m));
            Assert.That(_q1.Rates.AverageDaysSignedToStarted, Is.EqualTo(50.0));
            // Agreements: D1 01-01 → 03-01 = 59 days, D5 02-01 → 03-01 = 28 days.
            Assert.That(_q1.Rates.AveragePlannedDaysSignedToStarted, Is.EqualTo(43.5));
            // By 05-15: D9 signed too (6); D1 producing (03-10 → 05-10 = 61 days, planned 03-01 → 12-01 = 275).
            Assert.That((_q2.Rates.SignedThisYear, _q2.Rates.OfWhichStarted, _q2.Rates.OfWhichProducing), Is.EqualTo((6, 2, 1)));
            Assert.That(_q2.Rates.ProducingRatePercent, Is.EqualTo(16.7m));
            Assert.That(_q2.Rates.AverageDaysStartedToProducing, Is.EqualTo(61.0));
            Assert.That(_q2.Rates.AveragePlannedDaysStartedToProducing, Is.EqualTo(275.0));
        });
    }

    [Test]
    public void Channels_and_regions_show_leads_signings_and_conversion()
    {
        var desk = _q1.Channels.BySource.Single(c => c.Key == nameof(DealSource.Desk));
        var direct = _q1.Channels.BySource.Single(c => c.Key == nameof(DealSource.Direct));
        var bohai = _q1.Channels.ByRegion.Single(c => c.Key == nameof(Region.BohaiRim));
        Assert.Multiple(() =>
        {
            // Desk source: leads D2, D4, D5, D7; signed D1, D2, D4, D5 = 6 + 2 + 1 + 3 亿; of this year's 4 leads 3 signed.
            Assert.That((desk.LeadsCreated, desk.Signed, desk.InvestmentSignedYuan), Is.EqualTo((4, 4, 1_200_000_000L)));
            Assert.That((desk.LeadsThisYear, desk.LeadsThisYearSigned, desk.ConversionPercent), Is.EqualTo((4, 3, (decimal?)75.0m)));
            Assert.That((direct.LeadsCreated, direct.Signed, direct.InvestmentSignedYuan, direct.ConversionPercent),
                Is.EqualTo((1, 1, 800_000_000L, (decimal?)100.0m)));
            Assert.That((bohai.Signed, bohai.InvestmentSignedYuan), Is.EqualTo((1, 800_000_000L)));
            Assert.That(_q1.Channels.ByRegion.Single(c => c.Key == nameof(Region.PearlRiverDelta)).Signed, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Figures_service_gives_the_jobs_the_same_numbers()
    {
        await using var scope = _set.App.Services.CreateAsyncScope();
        var figures = scope.ServiceProvider.GetRequiredService<QuarterFigures>();
        var q1 = await figures.GetFiguresAsync(2026, 1);
        var fj = await figures.GetFiguresAsync(2026, 1, "FJ");
        // As of 03-15 (a running quarter then) signed: D1, D4, D5, D6; D2 signs only on 03-31.
        var midQuarter = await figures.GetFiguresAsync(2026, 1, asOf: new DateOnly(2026, 3, 15));
        Assert.Multiple(() =>
        {
            Assert.That(q1.Zone!.Signed.Actual, Is.EqualTo(_q1.Zone!.Signed.Actual));
            Assert.That(fj.Zone, Is.Null);
            Assert.That(fj.Desks.Keys, Is.EqualTo(new[] { "FJ" }));
            Assert.That(fj.Desks["FJ"].SignedInvestmentYuan.Actual, Is.EqualTo(900_000_000));
            Assert.That(midQuarter.IsRunning, Is.True);
            Assert.That(midQuarter.Zone!.Signed.Actual, Is.EqualTo(4));
        });
    }

    [TestCase("2026-01-01", "2026-03-31")]
    [TestCase("2026-04-01", "2026-05-15")]
    [TestCase("2026-01-01", "2026-05-15")]
    [TestCase("2026-03-06", "2026-04-12")]
    [TestCase("2025-12-31", "2026-01-01")]
    public async Task First_entries_in_a_range_are_the_first_entries_that_fall_in_it(string from, string to)
    {
        // The review reads first entries by their range; the rule stays FirstEntries (docs/review-counting-rules.md).
        var (first, last) = (DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        static List<(int, DealStage, DateOnly)> Rows(IEnumerable<StageEntry> entries) =>
            [.. entries.Select(e => (e.DealId, e.Stage, e.On)).Order()];
        var (all, ranged, signed) = await _set.App.WithDbAsync(async db => (
            Rows(await db.StageChanges.AsNoTracking().FirstEntries().Between(first, last).ToListAsync()),
            Rows(await db.StageChanges.AsNoTracking().FirstEntriesBetween(first, last).ToListAsync()),
            Rows(await db.StageChanges.AsNoTracking().FirstEntriesBetween(DealStage.Signed, first, last).ToListAsync())));
        Assert.Multiple(() =>
        {
            Assert.That(ranged, Is.EqualTo(all).And.Not.Empty);
            Assert.That(signed, Is.EqualTo(all.Where(e => e.Item2 == DealStage.Signed).ToList()));
        });
    }

    [Test]
    public async Task Recruiter_sees_only_their_desk_and_advisor_none()
    {
        var (_, gd) = await _set.App.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, advisor) = await _set.App.SignedInAsync(Roles.Advisor);
        var own = await gd.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q1", CrmApp.Json);
        var named = await gd.GetAsync("/api/v1/reviews/2026/Q1?desk=GD");
        var other = await gd.GetAsync("/api/v1/reviews/2026/Q1?desk=FJ");
        var otherExport = await gd.GetAsync("/api/v1/reviews/2026/Q1.xlsx?desk=FJ");
        var fromAdvisor = await advisor.GetAsync("/api/v1/reviews/2026/Q1");
        var exportFromAdvisor = await advisor.GetAsync("/api/v1/reviews/2026/Q1.xlsx");
        var managerFj = await _set.Manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q1?desk=FJ", CrmApp.Json);
        var unknown = await _set.Manager.GetAsync("/api/v1/reviews/2026/Q1?desk=XX");
        var otherBody = await other.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(own!.Desk, Is.EqualTo("GD"));
            Assert.That(own.Zone, Is.Null, "a recruiter gets no zone-wide figures");
            Assert.That(own.Desks.Keys, Is.EqualTo(new[] { "GD" }));
            Assert.That(own.Desks["GD"].Signed.Actual, Is.EqualTo(3));
            Assert.That(own.Flows.Single(f => f.Stage == DealStage.Signed).Deals, Is.EqualTo(3));
            Assert.That(own.Deals, Is.Null, "lists only on expand");
            Assert.That(named.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherBody, Does.Not.Contain("desks").And.Not.Contain("signed"), "a 404 carries no figures");
            Assert.That(otherExport.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fromAdvisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(exportFromAdvisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(managerFj!.Desks["FJ"].Signed.Actual, Is.EqualTo(2));
            Assert.That(managerFj.Snapshot.Sum(s => s.Deals), Is.EqualTo(3), "FJ on 03-31: D3, D4, D6");
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [TestCase("/api/v1/reviews/2026/Q5", "quarter")]
    [TestCase("/api/v1/reviews/1999/Q1", "year")]
    [TestCase("/api/v1/reviews/2026/Q1?expand=everything", "expand")]
    public async Task Bad_period_or_expand_is_400_naming_the_field(string url, string field)
    {
        var response = await _set.Manager.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"\"{field}\""));
    }
}
