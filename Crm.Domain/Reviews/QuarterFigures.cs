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
        var at = asOf ?? time.ZoneToday();
        var milestones = db.StageChanges.AsNoTracking().FirstEntriesBetween(period.Start, period.CountedTo(at))
            .Where(e => Milestones.Contains(e.Stage));
        var entries = await Facts(milestones, Deals(deskCode)).ToListAsync(ct);
        var (figures, _) = await FiguresAsync(period, deskCode, at, entries, ct);
        return figures;
    }

    /// <summary>
    /// The figures counted from first entries already read (<see cref="Facts"/>; entries outside the quarter are left
    /// out), so the review reads the stage history once for these and its other sections. Also returns the targets read.
    /// </summary>
    internal async Task<(QuarterFiguresResult Figures, QuarterTargets Goals)> FiguresAsync(QuarterPeriod period, string? deskCode, DateOnly at,
        IReadOnlyList<EntryFact> entries, CancellationToken ct)
    {
        var to = period.CountedTo(at);
        var running = period.IsRunningOn(at);
        var goals = await targets.ReadAsync(period, ct);

        // Running quarter: what the agreements say will still happen before the quarter ends.
        var coming = running ? await ComingAsync(Deals(deskCode), at, period.End, ct) : [];

        var quarter = entries.Where(e => e.On >= period.Start && e.On <= to).ToList();
        FigureSet Figures(TargetFigures goal, Func<string, bool> include)
        {
            var scope = quarter.Where(e => include(e.Desk)).ToList();
            var signed = scope.Where(e => e.Stage == DealStage.Signed).ToList();
            long s = signed.Count;
            long st = scope.Count(e => e.Stage == DealStage.Started);
            long p = scope.Count(e => e.Stage == DealStage.Producing);
            var yuan = signed.Sum(e => e.AgreedYuan);
            long major = signed.Count(e => e.AgreedYuan >= TargetFigures.MajorProjectYuan);
            long top = signed.Count(e => e.TopTier);
            var willStart = coming.Where(c => include(c.Desk)).Sum(c => c.WillStart);
            var willProduce = coming.Where(c => include(c.Desk)).Sum(c => c.WillProduce);
            return new FigureSet
            {
                Signed = FigureResult.Of(goal.Signed, s, running ? s : null),
                Started = FigureResult.Of(goal.Started, st, running ? st + willStart : null),
                Producing = FigureResult.Of(goal.Producing, p, running ? p + willProduce : null),
                SignedInvestmentYuan = FigureResult.Of(goal.SignedInvestmentYuan, yuan, running ? yuan : null),
                MajorProjects = FigureResult.Of(goal.MajorProjects, major, running ? major : null),
                TopTierCompanies = FigureResult.Of(goal.TopTierCompanies, top, running ? top : null),
            };
        }

        var deskCodes = deskCode is null
            ? goals.Desks.Keys.ToList()
            : [deskCode];
        var figures = new QuarterFiguresResult
        {
            Year = period.Year,
            Quarter = period.Quarter,
            From = period.Start,
            To = period.End,
            AsOf = to,
            IsRunning = running,
            Zone = deskCode is null ? Figures(goals.Zone, _ => true) : null,
            Desks = deskCodes.ToDictionary(code => code,
                code => Figures(goals.Desks.GetValueOrDefault(code) ?? TargetFigures.Zero, desk => desk == code)),
        };
        return (figures, goals);
    }

    internal static readonly List<CompanyTier> TopTiers = [.. CompanyTiers.TopTier];
    internal static readonly List<DealStage> AfterSigning = [DealStage.Signed, DealStage.Started, DealStage.Producing, DealStage.AtCapacity];
    private static readonly List<DealStage> Milestones = [.. DealStages.Milestones];

    internal IQueryable<Deal> Deals(string? deskCode) =>
        deskCode is null ? db.Deals.AsNoTracking() : db.Deals.AsNoTracking().Where(d => d.DeskCode == deskCode);

    /// <summary>First entries with what the figures need of their deal: one row per deal and stage entered, read once.</summary>
    internal static IQueryable<EntryFact> Facts(IQueryable<StageEntry> entries, IQueryable<Deal> deals) =>
        from e in entries
        join d in deals on e.DealId equals d.Id
        select new EntryFact
        {
            DealId = e.DealId,
            Stage = e.Stage,
            On = e.On,
            Desk = d.DeskCode,
            AgreedYuan = d.AgreedInvestmentYuan ?? 0,
            EstimatedYuan = d.EstimatedInvestmentYuan ?? 0,
            TopTier = TopTiers.Contains(d.Company!.Tier),
            PlannedStartOn = d.PlannedStartOn,
            PlannedProductionOn = d.PlannedProductionOn,
        };

    /// <summary>Per desk, the active deals due to start (at Signed) or to produce (at Started) after <paramref name="at"/> and by <paramref name="end"/>.</summary>
    private static Task<List<Coming>> ComingAsync(IQueryable<Deal> deals, DateOnly at, DateOnly end, CancellationToken ct) => deals
        .Where(d => d.Status == DealStatus.Active
            && ((d.Stage == DealStage.Signed && d.PlannedStartOn > at && d.PlannedStartOn <= end)
                || (d.Stage == DealStage.Started && d.PlannedProductionOn > at && d.PlannedProductionOn <= end)))
        .GroupBy(d => d.DeskCode)
        .Select(g => new Coming
        {
            Desk = g.Key,
            WillStart = g.Count(d => d.Stage == DealStage.Signed),
            WillProduce = g.Count(d => d.Stage == DealStage.Started),
        })
        .ToListAsync(ct);

    private sealed class Coming
    {
        public required string Desk { get; init; }
        public long WillStart { get; init; }
        public long WillProduce { get; init; }
    }
}

/// <summary>A deal's first entry into a stage with the facts of the deal every figure counts.</summary>
internal sealed class EntryFact
{
    public int DealId { get; init; }
    public DealStage Stage { get; init; }
    public DateOnly On { get; init; }
    public required string Desk { get; init; }
    public long AgreedYuan { get; init; }
    public long EstimatedYuan { get; init; }
    public bool TopTier { get; init; }
    public DateOnly? PlannedStartOn { get; init; }
    public DateOnly? PlannedProductionOn { get; init; }
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

    /// <summary>A set of targets alone, nothing counted yet: the figures' names for a quarter's goals.</summary>
    public static FigureSet Of(TargetFigures goal) => new()
    {
        Signed = FigureResult.Of(goal.Signed, 0, null),
        Started = FigureResult.Of(goal.Started, 0, null),
        Producing = FigureResult.Of(goal.Producing, 0, null),
        SignedInvestmentYuan = FigureResult.Of(goal.SignedInvestmentYuan, 0, null),
        MajorProjects = FigureResult.Of(goal.MajorProjects, 0, null),
        TopTierCompanies = FigureResult.Of(goal.TopTierCompanies, 0, null),
    };

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
