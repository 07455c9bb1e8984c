using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Care;

/// <summary>
/// A deal's 包保 as the deal page and the API show it. <see cref="Version"/> is 0 while nobody is assigned; the dates of
/// the next visit are null when the project is not cared for now (not signed, or not active).
/// </summary>
public sealed record CareResponse
{
    public required int DealId { get; init; }
    public long Version { get; init; }
    public string? LeaderId { get; init; }
    public string? LeaderName { get; init; }
    public string? OfficerId { get; init; }
    public string? OfficerName { get; init; }
    public int IntervalDays { get; init; } = CareAssignment.DefaultIntervalDays;
    public DateOnly? AssignedOn { get; init; }
    public DateOnly? LastVisitOn { get; init; }
    public DateOnly? NextVisitDueOn { get; init; }
    public bool Overdue { get; init; }
    /// <summary>Whether the caller may assign (a manager) and whether the deal can have one (signed or later).</summary>
    public bool MayAssign { get; init; }
}

public static class CareRules
{
    public static RuleViolation NotSigned() => new("care.notSigned");
    public static RuleViolation NotADealWorker() => new("care.notADealWorker");
}

public sealed class CareService(CrmDbContext db, TimeProvider time)
{
    /// <summary>The seam for other features (the problem list's escalation): a deal's assignment, in one query, unscoped.</summary>
    public Task<CareAssignment?> AssignmentOfAsync(int dealId, CancellationToken ct) =>
        db.CareAssignments.AsNoTracking().SingleOrDefaultAsync(c => c.DealId == dealId, ct);

    /// <summary>The deal's 包保, or null when the deal is out of the caller's scope.</summary>
    public async Task<CareResponse?> GetAsync(CurrentUser user, int dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().VisibleTo(user).Where(d => d.Id == dealId)
            .Select(d => new { d.Id, d.Stage }).SingleOrDefaultAsync(ct);
        if (deal is null)
        {
            return null;
        }
        var care = await db.CareAssignments.AsNoTracking().Where(c => c.DealId == dealId)
            .Select(c => new
            {
                c.LeaderId,
                LeaderName = db.Users.Where(u => u.Id == c.LeaderId).Select(u => u.DisplayName).FirstOrDefault(),
                c.OfficerId,
                OfficerName = db.Users.Where(u => u.Id == c.OfficerId).Select(u => u.DisplayName).FirstOrDefault(),
                c.IntervalDays,
                c.AssignedOn,
                c.Version,
            })
            .SingleOrDefaultAsync(ct);
        var row = await CareVisits.Rows(db).Where(r => r.DealId == dealId).SingleOrDefaultAsync(ct);
        var mayAssign = user.MayOverrule && CareVisits.CaredStages.Contains(deal.Stage);
        if (care is null)
        {
            return new CareResponse { DealId = dealId, MayAssign = mayAssign };
        }
        return new CareResponse
        {
            DealId = dealId,
            Version = care.Version,
            LeaderId = care.LeaderId,
            LeaderName = care.LeaderName,
            OfficerId = care.OfficerId,
            OfficerName = care.OfficerName,
            IntervalDays = care.IntervalDays,
            AssignedOn = care.AssignedOn,
            LastVisitOn = row?.LastVisitOn,
            NextVisitDueOn = row?.DueOn,
            Overdue = row is not null && row.IsOverdue(time.ZoneToday()),
            MayAssign = mayAssign,
        };
    }

    /// <summary>
    /// A manager names the leader and the officer of a signed project and its visit interval. Out of scope is 404, not a
    /// manager 403, a stale version 409, a deal before signing 422, a leader or officer who does not work on deals 400.
    /// A new officer starts the interval afresh from today.
    /// </summary>
    public async Task<ServiceResult<CareResponse>> AssignAsync(CurrentUser user, int dealId, CareInput input, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null)
        {
            return new ServiceResult<CareResponse>.NotFound();
        }
        if (!user.MayOverrule)
        {
            return new ServiceResult<CareResponse>.Forbidden();
        }
        var care = await db.CareAssignments.SingleOrDefaultAsync(c => c.DealId == dealId, ct);
        var before = await GetAsync(user, dealId, ct);
        if ((care?.Version ?? 0) != (input.Version ?? 0))
        {
            return new ServiceResult<CareResponse>.Conflict(before!);
        }
        if (!CareVisits.CaredStages.Contains(deal.Stage))
        {
            return CareRules.NotSigned();
        }
        if (!await WorksOnDealsAsync(input.LeaderId, ct))
        {
            return new ServiceResult<CareResponse>.Invalid("leaderId", CareRules.NotADealWorker());
        }
        if (!await WorksOnDealsAsync(input.OfficerId, ct))
        {
            return new ServiceResult<CareResponse>.Invalid("officerId", CareRules.NotADealWorker());
        }

        var now = time.UtcNow();
        var today = time.ZoneToday();
        if (care is null)
        {
            care = new CareAssignment
            {
                DealId = dealId,
                LeaderId = input.LeaderId,
                OfficerId = input.OfficerId,
                IntervalDays = input.IntervalDays,
                AssignedOn = today,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.CareAssignments.Add(care);
        }
        else
        {
            if (care.OfficerId != input.OfficerId)
            {
                care.AssignedOn = today;
            }
            care.LeaderId = input.LeaderId;
            care.OfficerId = input.OfficerId;
            care.IntervalDays = input.IntervalDays;
            care.Version++;
            care.UpdatedAt = now;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueKeys.IsViolation(e))
        {
            // Another manager saved first (or made the first assignment at the same time): theirs stands.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new ServiceResult<CareResponse>.Conflict((await GetAsync(user, dealId, ct))!);
        }
        var after = (await GetAsync(user, dealId, ct))!;
        db.AuditLog.Add(AuditEntry.Of(user.Id, nameof(CareAssignment), dealId, before!.Version == 0 ? AuditActions.Create : AuditActions.Update,
            before.Version == 0 ? null : before, after, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    private Task<bool> WorksOnDealsAsync(string userId, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId && (r.Name == Roles.Manager || r.Name == Roles.Recruiter || r.Name == Roles.Admin)
         select ur.UserId).AnyAsync(ct);
}
