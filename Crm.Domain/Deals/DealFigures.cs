using Crm.Domain.Data;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Deals;

public sealed record StageTotal(DealStage Stage, int Count, long InvestmentYuan);

public sealed record QuarterFlows(DateOnly From, DateOnly To, int Signed, int Started, int Producing);

/// <summary>Counts and sums for the board headers and the home page, computed in SQL within the user's scope.</summary>
public sealed class DealFigures(CrmDbContext db)
{
    /// <summary>Deals and standing investment per stage for the deals the filter selects (its stage, sort and paging are ignored).</summary>
    public async Task<IReadOnlyList<StageTotal>> StageTotalsAsync(CurrentUser user, DealFilter filter, CancellationToken ct)
    {
        var rows = await db.Deals.AsNoTracking().VisibleTo(user).Filter(filter with { Stage = null })
            .GroupBy(d => d.Stage)
            .Select(g => new { Stage = g.Key, Count = g.Count(), Sum = g.Sum(d => d.InvestmentYuan) })
            .ToListAsync(ct);
        return Enum.GetValues<DealStage>()
            .Select(s => rows.FirstOrDefault(r => r.Stage == s) is { } r ? new StageTotal(s, r.Count, r.Sum) : new StageTotal(s, 0, 0))
            .ToList();
    }

    /// <summary>
    /// Deals that first entered Signed, Started and Producing in the calendar quarter of <paramref name="day"/>, counted to
    /// that day: the review's rule (<see cref="StageEntries"/>, <see cref="QuarterPeriod"/>), so home and review agree.
    /// </summary>
    public async Task<QuarterFlows> QuarterFlowsAsync(CurrentUser user, DateOnly day, CancellationToken ct)
    {
        var period = QuarterPeriod.Of(day);
        var visible = db.Deals.VisibleTo(user).Select(d => d.Id);
        var rows = await db.StageChanges.AsNoTracking().FirstEntries().Between(period.Start, period.CountedTo(day))
            .Where(e => Milestones.Contains(e.Stage) && visible.Contains(e.DealId))
            .GroupBy(e => e.Stage)
            .Select(g => new { Stage = g.Key, Deals = g.Count() })
            .ToListAsync(ct);
        int Of(DealStage s) => rows.FirstOrDefault(r => r.Stage == s)?.Deals ?? 0;
        return new QuarterFlows(period.Start, period.End, Of(DealStage.Signed), Of(DealStage.Started), Of(DealStage.Producing));
    }

    private static readonly List<DealStage> Milestones = [DealStage.Signed, DealStage.Started, DealStage.Producing];
}
