using Crm.Domain.Data;
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

    /// <summary>Deals that entered Signed, Started and Producing in the calendar quarter of <paramref name="day"/>, from the stage-change records.</summary>
    public async Task<QuarterFlows> QuarterFlowsAsync(CurrentUser user, DateOnly day, CancellationToken ct)
    {
        var from = new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);
        var to = from.AddMonths(3).AddDays(-1);
        var visible = db.Deals.VisibleTo(user).Select(d => d.Id);
        var rows = await db.StageChanges.AsNoTracking()
            .Where(s => s.EffectiveOn >= from && s.EffectiveOn <= to && visible.Contains(s.DealId)
                && (s.ToStage == DealStage.Signed || s.ToStage == DealStage.Started || s.ToStage == DealStage.Producing)
                && s.FromStage != s.ToStage)
            .GroupBy(s => s.ToStage)
            .Select(g => new { Stage = g.Key, Deals = g.Select(s => s.DealId).Distinct().Count() })
            .ToListAsync(ct);
        int Of(DealStage s) => rows.FirstOrDefault(r => r.Stage == s)?.Deals ?? 0;
        return new QuarterFlows(from, to, Of(DealStage.Signed), Of(DealStage.Started), Of(DealStage.Producing));
    }
}
