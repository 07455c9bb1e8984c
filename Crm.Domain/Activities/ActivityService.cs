using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Activities;

public sealed record ActivityResponse(
    long Id, int DealId, ActivityType Type, DateOnly OccurredOn, string Summary, DateOnly? NextFollowUpOn,
    string ById, string? ByName, DateTime RecordedAt);

public sealed class ActivityService(CrmDbContext db, TimeProvider time)
{
    /// <summary>Generous: an append must not fail because colleagues logged contacts on the same deal at that moment.</summary>
    private const int MaxAttempts = 30;

    public async Task<IReadOnlyList<ActivityResponse>?> ListAsync(CurrentUser user, int dealId, CancellationToken ct)
    {
        if (!await db.Deals.VisibleTo(user).AnyAsync(d => d.Id == dealId, ct))
        {
            return null;
        }
        return await db.Activities.AsNoTracking().Where(a => a.DealId == dealId)
            .OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id)
            .Select(a => new ActivityResponse(a.Id, a.DealId, a.Type, a.OccurredOn, a.Summary, a.NextFollowUpOn, a.ById,
                db.Users.Where(u => u.Id == a.ById).Select(u => u.DisplayName).FirstOrDefault(), a.RecordedAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Logs a contact. It is an append, so it carries no version: the deal's follow-up date and last
    /// activity are updated under the deal's version check and retried if another write got there first.
    /// What a contact changes on the deal (and the first contact's move to Contacted) is the deal's own rule
    /// (<see cref="Deal.RecordContact"/>); this method only stores it and retries.
    /// </summary>
    public async Task<ServiceResult<ActivityResponse>> AddAsync(CurrentUser user, int dealId, ActivityInput input, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var deal = await db.Deals.Include(d => d.Care).VisibleTo(user).SingleOrDefaultAsync(d => d.Id == dealId, ct);
            if (deal is null)
            {
                return new ServiceResult<ActivityResponse>.NotFound();
            }
            if (!user.MayEdit(deal))
            {
                return new ServiceResult<ActivityResponse>.Forbidden();
            }

            var now = time.UtcNow();
            var activity = new Activity
            {
                DealId = dealId,
                Type = input.Type,
                OccurredOn = input.OccurredOn,
                Summary = input.Summary.Trim(),
                NextFollowUpOn = input.NextFollowUpOn,
                ById = user.Id,
                RecordedAt = now,
            };
            db.Activities.Add(activity);
            if (deal.RecordContact(activity, user, time.ZoneToday(), now) is { } move)
            {
                db.StageChanges.Add(move);
            }
            deal.Version++;
            deal.Touch(now);

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                await tx.RollbackAsync(ct);
                // Spread the retries so writers on one deal do not collide again in lockstep.
                // (Wall-clock pause, not business time: a FakeTimeProvider in tests must not stall it.)
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 10))), ct);
                continue;
            }
            var byName = await db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            var response = new ActivityResponse(activity.Id, dealId, activity.Type, activity.OccurredOn, activity.Summary,
                activity.NextFollowUpOn, user.Id, byName, now);
            db.AuditLog.Add(AuditEntry.Of(user.Id, nameof(Activity), activity.Id, AuditActions.Create, (ActivityResponse?)null, response, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return response;
        }
    }
}
