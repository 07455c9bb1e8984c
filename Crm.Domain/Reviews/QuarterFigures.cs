using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Targets;

using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reviews;

/// <summary>
/// Target against actual for a quarter, zone-wide and per desk, computed in SQL from the stage history
/// (docs/review-counting-rules.md) through <see cref="StageEntries"/>. Public so that the jobs (ten-day assessment, quarterly targets) use the same
/// numbers as the review. It applies no user scope: callers decide who may see which desk.
/// </summary>
public sealed class QuarterFigures(CrmDbContext db, TimeProvider time, TargetService targets)
{
    /// <summary>
    /// The six figures of <paramref name="year"/> Q<paramref name="quarter"/> for the zone and every desk, or only for
    /// <paramref name="deskCode"/> (then <see cref="QuarterFiguresResult.Zone"/> is null). Changes effective after
    /// <paramref name="asOf"/> (default: today in the zone) are not counted; a running quarter gets a projection.
    /// </summary>
    public async Task<QuarterFiguresResult> GetFiguresAsync(int year, int quarter, string? deskCode = null, DateOnly? asOf = null,
        CancellationToken ct = default)
    {
        var period = new QuarterPeriod(year, quarter);
        var today = time.ZoneToday();
        var at = asOf ?? today;
        var to = period.CountedTo(at);
        var running = period.IsRunningOn(at);

        var goals = await targets.ReadAsync(period, ct);
        var deals = Deals(deskCode);

        var signed = await (
            from e in db.StageChanges.AsNoTracking().FirstEntries(DealStage.Signed).Between(period.Start, to)
            join d in deals on e.DealId equals d.Id
            group new { Amount = d.AgreedInvestmentYuan ?? 0, Top = TopTiers.Contains(d.Company!.Tier) } by d.DeskCode into g
            select new DeskCount
            {
                Desk = g.Key,
                Count = g.Count(),
                Yuan = g.Sum(x => x.Amount),
                Major = g.Count(x => x.Amount >= TargetFigures.MajorProjectYuan),
                TopTier = g.Count(x => x.Top),
            }).ToListAsync(ct);
        var started = await MilestoneCountsAsync(DealStage.Started, deals, period.Start, to, ct);
        var producing = await MilestoneCountsAsync(DealStage.Producing, deals, period.Start, to, ct);

        // Running quarter: what the agreements say will still happen before the quarter ends.
        List<DeskCount> willStart = [], willProduce = [];
        if (running)
        {
            willStart = await deals
                .Where(d => d.Stage == DealStage.Signed && d.Status == DealStatus.Active && d.PlannedStartOn > at && d.PlannedStartOn <= period.End)
                .GroupBy(d => d.DeskCode).Select(g => new DeskCount { Desk = g.Key, Count = g.Count() }).ToListAsync(ct);
            willProduce = await deals
                .Where(d => d.Stage == DealStage.Started && d.Status == DealStatus.Active && d.PlannedProductionOn > at && d.PlannedProductionOn <= period.End)
                .GroupBy(d => d.DeskCode).Select(g => new DeskCount { Desk = g.Key, Count = g.Count() }).ToListAsync(ct);
        }

        FigureSet Figures(TargetFigures goal, Func<DeskCount, bool> include)
        {
            long Sum(List<DeskCount> rows, Func<DeskCount, long> value) => rows.Where(include).Sum(value);
            long? Projected(long actual, List<DeskCount> coming) => running ? actual + Sum(coming, r => r.Count) : null;
            var s = Sum(signed, r => r.Count);
            var st = Sum(started, r => r.Count);
            var p = Sum(producing, r => r.Count);
            var yuan = Sum(signed, r => r.Yuan);
            var major = Sum(signed, r => r.Major);
            var top = Sum(signed, r => r.TopTier);
            return new FigureSet
            {
                Signed = FigureResult.Of(goal.Signed, s, running ? s : null),
                Started = FigureResult.Of(goal.Started, st, Projected(st, willStart)),
                Producing = FigureResult.Of(goal.Producing, p, Projected(p, willProduce)),
                SignedInvestmentYuan = FigureResult.Of(goal.SignedInvestmentYuan, yuan, running ? yuan : null),
                MajorProjects = FigureResult.Of(goal.MajorProjects, major, running ? major : null),
                TopTierCompanies = FigureResult.Of(goal.TopTierCompanies, top, running ? top : null),
            };
        }

        var deskCodes = deskCode is null
            ? goals.Desks.Keys.ToList()
            : [deskCode];
        return new QuarterFiguresResult
        {
            Year = year,
            Quarter = quarter,
            From = period.Start,
            To = period.End,
            AsOf = to,
            IsRunning = running,
            Zone = deskCode is null ? Figures(goals.Zone, _ => true) : null,
            Desks = deskCodes.ToDictionary(code => code,
                code => Figures(goals.Desks.GetValueOrDefault(code) ?? TargetFigures.Zero, r => r.Desk == code)),
        };
    }

    internal static readonly List<CompanyTier> TopTiers = [.. CompanyTiers.TopTier];
    internal static readonly List<DealStage> AfterSigning = [DealStage.Signed, DealStage.Started, DealStage.Producing, DealStage.AtCapacity];

    internal IQueryable<Deal> Deals(string? deskCode) =>
        deskCode is null ? db.Deals.AsNoTracking() : db.Deals.AsNoTracking().Where(d => d.DeskCode == deskCode);

    private Task<List<DeskCount>> MilestoneCountsAsync(DealStage stage, IQueryable<Deal> deals, DateOnly first, DateOnly last, CancellationToken ct) => (
        from e in db.StageChanges.AsNoTracking().FirstEntries(stage).Between(first, last)
        join d in deals on e.DealId equals d.Id
        group d.AgreedInvestmentYuan ?? 0 by d.DeskCode into g
        select new DeskCount { Desk = g.Key, Count = g.Count(), Yuan = g.Sum() }).ToListAsync(ct);

    private sealed class DeskCount
    {
        public required string Desk { get; init; }
        public long Count { get; init; }
        public long Yuan { get; init; }
        public long Major { get; init; }
        public long TopTier { get; init; }
    }
}

/// <summary>One figure: the target, the actual, the share attained (percent, one decimal; null without a target),
/// and for a running quarter the projection to its end.</summary>
public sealed record FigureResult
{
    public required long Target { get; init; }
    public required long Actual { get; init; }
    public decimal? PercentAttained { get; init; }
    public long? Projected { get; init; }

    public static FigureResult Of(long target, long actual, long? projected) => new()
    {
        Target = target,
        Actual = actual,
        PercentAttained = target == 0 ? null : Math.Round(actual * 100m / target, 1, MidpointRounding.AwayFromZero),
        Projected = projected,
    };
}

public sealed record FigureSet
{
    public required FigureResult Signed { get; init; }
    public required FigureResult Started { get; init; }
    public required FigureResult Producing { get; init; }
    public required FigureResult SignedInvestmentYuan { get; init; }
    public required FigureResult MajorProjects { get; init; }
    public required FigureResult TopTierCompanies { get; init; }

    /// <summary>The figures in their fixed order, with their stable names (the export's rows).</summary>
    public IEnumerable<(string Name, FigureResult Figure)> All() =>
    [
        (nameof(Signed), Signed), (nameof(Started), Started), (nameof(Producing), Producing),
        (nameof(SignedInvestmentYuan), SignedInvestmentYuan), (nameof(MajorProjects), MajorProjects), (nameof(TopTierCompanies), TopTierCompanies),
    ];
}

public sealed record QuarterFiguresResult
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    /// <summary>The last day counted: the quarter's end, or today while it runs.</summary>
    public required DateOnly AsOf { get; init; }
    public required bool IsRunning { get; init; }
    public FigureSet? Zone { get; init; }
    public required IReadOnlyDictionary<string, FigureSet> Desks { get; init; }
}
