using System.Globalization;
using System.Net.Http.Json;

using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Reviews;

/// <summary>
/// The page's drill-down (<see cref="ReviewService.DrillAsync"/>) on the hand-built <see cref="ReviewDataset"/>: every
/// number of the review opens exactly the deals it counts, the same as the API's lists filtered as the cell is.
/// </summary>
[NonParallelizable]
public sealed class ReviewDrillTests
{
    private ReviewDataset _set = null!;
    private QuarterReview _q1 = null!;
    private QuarterReview _q2 = null!;
    private static readonly CurrentUser Manager = new("drill-manager", new HashSet<string> { Roles.Manager }, null);

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _set = await ReviewDataset.BuildAsync();
        _q1 = await _set.Manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q1?expand=deals", CrmApp.Json) ?? throw new InvalidOperationException();
        _q2 = await _set.Manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q2?expand=deals", CrmApp.Json) ?? throw new InvalidOperationException();
    }

    [OneTimeTearDown]
    public void TearDown() => _set.Dispose();

    private async Task<int[]> DrillAsync(int quarter, ReviewDrill drill, CurrentUser? user = null, string? desk = null)
    {
        await using var scope = _set.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ReviewService>().DrillAsync(user ?? Manager, 2026, quarter, desk, drill, default);
        return result is ServiceResult<IReadOnlyList<ReviewDeal>>.Ok ok ? [.. ok.Value.Select(d => d.Id).Order()] : throw new InvalidOperationException(result.ToString());
    }

    private int[] SetIds(params string[] keys) => [.. keys.Select(_set.Id).Order()];

    private static int[] Ids(IEnumerable<ReviewDeal> deals) => [.. deals.Select(d => d.Id).Order()];

    [Test]
    public async Task Every_figure_of_the_zone_and_of_each_desk_opens_the_deals_it_counts()
    {
        foreach (var review in new[] { _q1, _q2 })
        {
            var quarter = review.Quarter;
            var lists = review.Deals!;
            foreach (var (scope, figures) in new[] { ((string?)null, review.Zone!) }.Concat(review.Desks.Select(d => ((string?)d.Key, d.Value))))
            {
                foreach (var (name, figure) in figures.All())
                {
                    var ids = await DrillAsync(quarter, ReviewDrill.ForFigure(name, scope));
                    IEnumerable<ReviewDeal> Scoped(IEnumerable<ReviewDeal> deals) => deals.Where(d => scope is null || d.Desk == scope);
                    var expected = name switch
                    {
                        nameof(FigureSet.Started) => Scoped(lists.Started),
                        nameof(FigureSet.Producing) => Scoped(lists.Producing),
                        nameof(FigureSet.MajorProjects) => Scoped(lists.Signed).Where(d => d.IsMajor),
                        nameof(FigureSet.TopTierCompanies) => Scoped(lists.Signed).Where(d => d.IsTopTier),
                        _ => Scoped(lists.Signed),
                    };
                    Assert.That(ids, Is.EqualTo(Ids(expected)), $"Q{quarter} {scope ?? "zone"} {name}: the API's list filtered as the cell");
                    if (name != nameof(FigureSet.SignedInvestmentYuan))
                    {
                        Assert.That(ids, Has.Length.EqualTo(figure.Actual), $"Q{quarter} {scope ?? "zone"} {name}: as many as the figure");
                    }
                }
            }
        }
        // The hand-worked Q1: D1, D2, D4, D5, D6 signed; GD's: D1, D2, D5; majors (≥ 5亿): D1 (6亿), D6 (8亿).
        Assert.Multiple(async () =>
        {
            Assert.That(await DrillAsync(1, ReviewDrill.ForFigure(nameof(FigureSet.Signed))), Is.EqualTo(SetIds("D1", "D2", "D4", "D5", "D6")));
            Assert.That(await DrillAsync(1, ReviewDrill.ForFigure(nameof(FigureSet.Signed), DeskCodes.Guangdong)), Is.EqualTo(SetIds("D1", "D2", "D5")));
            Assert.That(await DrillAsync(1, ReviewDrill.ForFigure(nameof(FigureSet.MajorProjects))), Is.EqualTo(SetIds("D1", "D6")));
        });
    }

    [Test]
    public async Task Funnel_months_snapshot_sources_rates_and_worklists_open_the_deals_they_count()
    {
        var review = _q1;
        foreach (var flow in review.Flows)
        {
            var ids = await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Entered, Stage = flow.Stage });
            Assert.That(ids, Has.Length.EqualTo(flow.Deals), $"funnel {flow.Stage}");
        }
        Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Entered, Stage = DealStage.Signed }), Is.EqualTo(Ids(review.Deals!.Signed)));
        foreach (var month in _q2.SignedByMonth)
        {
            var ids = await DrillAsync(2, new ReviewDrill { List = ReviewDrillList.SignedThisYear, Month = month.Month });
            Assert.That(ids, Has.Length.EqualTo(month.Deals), $"month {month.Month}");
        }
        foreach (var line in review.Snapshot)
        {
            var ids = await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Snapshot, Stage = line.Stage, Status = line.Status });
            Assert.That(ids, Is.EqualTo(Ids(review.Deals!.Snapshot.Where(d => d.Stage == line.Stage && d.Status == line.Status))), $"snapshot {line.Stage}/{line.Status}");
        }
        foreach (var line in review.Channels.BySource)
        {
            var source = Enum.Parse<DealSource>(line.Key);
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Leads, Source = source }), Has.Length.EqualTo(line.LeadsCreated), $"{source} leads");
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.LeadsSigned, Source = source }), Has.Length.EqualTo(line.LeadsCreatedSigned), $"{source} leads signed");
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Signed, Source = source }), Has.Length.EqualTo(line.Signed), $"{source} signed");
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.LeadsThisYear, Source = source }), Has.Length.EqualTo(line.LeadsThisYear), $"{source} year");
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.LeadsThisYearSigned, Source = source }), Has.Length.EqualTo(line.LeadsThisYearSigned), $"{source} year signed");
        }
        Assert.Multiple(async () =>
        {
            Assert.That(await DrillAsync(2, new ReviewDrill { List = ReviewDrillList.SignedThisYear }), Has.Length.EqualTo(_q2.Rates.SignedThisYear));
            Assert.That(await DrillAsync(2, new ReviewDrill { List = ReviewDrillList.SignedThisYearStarted }), Has.Length.EqualTo(_q2.Rates.OfWhichStarted));
            Assert.That(await DrillAsync(2, new ReviewDrill { List = ReviewDrillList.SignedThisYearProducing }), Has.Length.EqualTo(_q2.Rates.OfWhichProducing));
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.SlippedStart }), Is.EqualTo(Ids(review.Deals!.SlippedStart)));
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.SlippedProduction }), Is.EqualTo(Ids(review.Deals!.SlippedProduction)));
            Assert.That(await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Stale }), Is.EqualTo(Ids(review.Deals!.Stale)));
        });
    }

    [Test]
    public async Task A_recruiters_drill_down_holds_only_their_desk_and_another_desk_is_not_found()
    {
        var recruiter = new CurrentUser("drill-recruiter", new HashSet<string> { Roles.Recruiter }, DeskCodes.Fujian);
        var ids = await DrillAsync(1, new ReviewDrill { List = ReviewDrillList.Signed }, recruiter);
        await using var scope = _set.App.Services.CreateAsyncScope();
        var other = await scope.ServiceProvider.GetRequiredService<ReviewService>()
            .DrillAsync(recruiter, 2026, 1, DeskCodes.Guangdong, new ReviewDrill { List = ReviewDrillList.Signed }, default);
        Assert.Multiple(() =>
        {
            // FJ signed in Q1: D4 and D6 (D3 signed in 2025).
            Assert.That(ids, Is.EqualTo(SetIds("D4", "D6")));
            Assert.That(other, Is.TypeOf<ServiceResult<IReadOnlyList<ReviewDeal>>.NotFound>());
        });
    }
}

/// <summary>Rates say what they count and show "—" when nothing is there to divide by.</summary>
public sealed class ReviewRateTests
{
    [Test]
    public async Task A_rate_with_nothing_to_divide_by_is_none_and_reads_as_a_dash()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 10, 2, 0, 0, TimeSpan.Zero));
        using var app = new CrmApp(time);
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        // A lead of January that signs in April: in Q2 its source brought no lead and signed one.
        var deal = await manager.CreateDealAsync(TestData.NewDeal((await manager.CreateCompanyAsync()).Id, b =>
        {
            b.Desk = DeskCodes.Guangdong;
            b.Source = DealSource.Other;
            b.LeadOn = new DateOnly(2026, 1, 20);
        }));
        time.SetUtcNow(new DateTimeOffset(2026, 5, 10, 2, 0, 0, TimeSpan.Zero));
        (_, manager) = await app.SignedInAsync(Roles.Manager); // the first token expired with the months
        await manager.MoveAsync(deal, DealStage.Signed, new DateOnly(2026, 4, 20), 100_000_000, new DateOnly(2026, 6, 1), new DateOnly(2026, 12, 1));

        var q2 = await manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q2", CrmApp.Json) ?? throw new InvalidOperationException();
        var empty = await manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2025/Q4", CrmApp.Json) ?? throw new InvalidOperationException();
        var line = q2.Channels.BySource.Single(l => l.Key == nameof(DealSource.Other));
        Assert.Multiple(() =>
        {
            // Before: the quarter's 0 leads and 1 signing sat beside "100.0%", the year's cohort, unnamed.
            Assert.That((line.LeadsCreated, line.LeadsCreatedSigned, line.Signed), Is.EqualTo((0, 0, 1)));
            Assert.That(line.QuarterConversionPercent, Is.Null, "no lead created this quarter: nothing to divide by");
            Assert.That((line.LeadsThisYear, line.LeadsThisYearSigned, line.ConversionPercent), Is.EqualTo((1, 1, (decimal?)100.0m)), "the year's cohort, named as such");
            Assert.That(empty.Rates.StartedRatePercent, Is.Null, "nothing signed in 2025");
            Assert.That(empty.Rates.ProducingRatePercent, Is.Null);
            Assert.That(empty.Channels.QuarterConversionPercent, Is.Null);
            Assert.That(ReviewRates.Percent(0, 0), Is.Null);
            Assert.That(ReviewRates.Percent(1, 3), Is.EqualTo(33.3m));
            foreach (var culture in Catalogue.Languages.Select(CultureInfo.GetCultureInfo))
            {
                Assert.That(ReviewRates.Show(line.QuarterConversionPercent, culture), Is.EqualTo(AmountFormat.None));
                Assert.That(ReviewRates.Show(line.ConversionPercent, culture), Is.EqualTo("100.0%"));
            }
        });
    }

    [Test]
    public void Every_rate_names_its_window_in_both_languages()
    {
        foreach (var culture in Catalogue.Languages.Select(CultureInfo.GetCultureInfo))
        {
            foreach (var rate in ReviewRates.All)
            {
                Assert.That(ReviewRates.Name(rate, culture), Is.Not.Empty.And.Not.EqualTo(rate));
                Assert.That(ReviewRates.Definition(rate, culture), Does.Contain(culture.Name.StartsWith("zh", StringComparison.Ordinal) ? "除以" : "divided by"));
            }
        }
    }
}
