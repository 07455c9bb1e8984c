using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Users;

using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Targets;

/// <summary>Quarterly targets: read by deal workers, set by managers, every change audited.</summary>
public sealed class TargetService(CrmDbContext db, TimeProvider time)
{
    public const string AuditEntity = "QuarterTargets";

    public async Task<ServiceResult<QuarterTargets>> GetAsync(CurrentUser user, int year, int quarter, CancellationToken ct)
    {
        if (!user.WorksOnDeals)
        {
            return new ServiceResult<QuarterTargets>.Forbidden();
        }
        return await ReadAsync(new QuarterPeriod(year, quarter), ct);
    }

    /// <summary>Sets the targets of one quarter; a scope the input leaves out keeps its figures.</summary>
    public async Task<ServiceResult<QuarterTargets>> SetAsync(CurrentUser user, int year, int quarter, TargetsInput input, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<QuarterTargets>.Forbidden();
        }
        if (await CheckDesksAsync(input, ct) is { } invalid)
        {
            return invalid;
        }
        var period = new QuarterPeriod(year, quarter);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await WriteAsync(user, period, input.Zone, input.Desks, AuditActions.Update, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Spreads an annual plan over the year's four quarters (<see cref="TargetFigures.QuarterShare"/>: equal parts, the
    /// remainder to the earliest quarters). Each quarter can be edited afterwards with <see cref="SetAsync"/>.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<QuarterTargets>>> SetPlanAsync(CurrentUser user, int year, TargetsInput annual, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<IReadOnlyList<QuarterTargets>>.Forbidden();
        }
        if (await CheckDesksAsync(annual, ct) is { } invalid)
        {
            return new ServiceResult<IReadOnlyList<QuarterTargets>>.Invalid(invalid.Field, invalid.Reason);
        }
        var quarters = new List<QuarterTargets>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            var q = quarter;
            var desks = annual.Desks?.ToDictionary(d => d.Key, d => d.Value.QuarterShare(q));
            quarters.Add(await WriteAsync(user, new QuarterPeriod(year, quarter), annual.Zone?.QuarterShare(quarter), desks, "SetPlan", ct));
        }
        await tx.CommitAsync(ct);
        return quarters;
    }

    private async Task<QuarterTargets> WriteAsync(CurrentUser user, QuarterPeriod period, TargetFigures? zone,
        IReadOnlyDictionary<string, TargetFigures>? desks, string action, CancellationToken ct)
    {
        var before = await ReadAsync(period, ct);
        var stored = await db.QuarterTargets.Where(t => t.Year == period.Year && t.Quarter == period.Quarter).ToDictionaryAsync(t => t.Scope, ct);
        var now = time.UtcNow();

        void Set(string scope, TargetFigures figures)
        {
            if (!stored.TryGetValue(scope, out var target))
            {
                target = new QuarterTarget { Year = period.Year, Quarter = period.Quarter, Scope = scope, UpdatedById = user.Id };
                db.QuarterTargets.Add(target);
            }
            target.Apply(figures);
            target.UpdatedAt = now;
            target.UpdatedById = user.Id;
        }

        if (zone is not null)
        {
            Set(QuarterTarget.ZoneScope, zone);
        }
        foreach (var (desk, figures) in desks ?? new Dictionary<string, TargetFigures>())
        {
            Set(desk.ToUpperInvariant(), figures);
        }
        await db.SaveChangesAsync(ct);
        var after = await ReadAsync(period, ct);
        db.AuditLog.Add(AuditEntry.Of(user.Id, AuditEntity, period.ToString(), action, before, after, now));
        await db.SaveChangesAsync(ct);
        return after;
    }

    /// <summary>The targets of a quarter, every desk listed (zero where none is set).</summary>
    public async Task<QuarterTargets> ReadAsync(QuarterPeriod period, CancellationToken ct)
    {
        var rows = await db.QuarterTargets.AsNoTracking()
            .Where(t => t.Year == period.Year && t.Quarter == period.Quarter)
            .ToListAsync(ct);
        var desks = await db.Desks.AsNoTracking().OrderBy(d => d.SortOrder).Select(d => d.Code).ToListAsync(ct);
        return new QuarterTargets
        {
            Year = period.Year,
            Quarter = period.Quarter,
            Zone = rows.FirstOrDefault(r => r.Scope == QuarterTarget.ZoneScope)?.ToFigures() ?? TargetFigures.Zero,
            Desks = desks.ToDictionary(d => d, d => rows.FirstOrDefault(r => r.Scope == d)?.ToFigures() ?? TargetFigures.Zero),
        };
    }

    private async Task<ServiceResult<QuarterTargets>.Invalid?> CheckDesksAsync(TargetsInput input, CancellationToken ct)
    {
        if (input.Desks is not { Count: > 0 })
        {
            return null;
        }
        var known = await db.Desks.Select(d => d.Code).ToListAsync(ct);
        var unknown = input.Desks.Keys.FirstOrDefault(k => !known.Contains(k.ToUpperInvariant()));
        return unknown is null ? null : new ServiceResult<QuarterTargets>.Invalid($"desks.{unknown}", "input.noSuchDesk");
    }
}
