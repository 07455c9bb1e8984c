using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Notifications;

public sealed record NotificationResponse(long Id, NotificationKind Kind, int? DealId, string PeriodKey, string Title, string Body,
    DateTime CreatedAt, DateTime? ReadAt, EmailStatus EmailStatus);

public sealed record NotificationSetting(NotificationKind Kind, bool Email);

public sealed record NotificationSettingsInput
{
    public required IReadOnlyList<NotificationSetting> Settings { get; init; }
}

public sealed record OutboxEntry(long Id, string RecipientId, NotificationKind Kind, int? DealId, string PeriodKey, string Title,
    EmailStatus EmailStatus, int Attempts, DateTime? NextAttemptAt, string? LastError, DateTime? SentAt, DateTime CreatedAt);

/// <summary>The in-app inbox: a user sees and changes only their own notifications.</summary>
public sealed class NotificationService(CrmDbContext db, TimeProvider time)
{
    public const int MaxListed = 200;

    public Task<List<NotificationResponse>> ListAsync(string userId, bool unreadOnly, CancellationToken ct)
    {
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientId == userId);
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAt == null);
        }
        return query.OrderByDescending(n => n.Id).Take(MaxListed)
            .Select(n => new NotificationResponse(n.Id, n.Kind, n.DealId == Notification.NoDeal ? null : n.DealId, n.PeriodKey,
                n.Title, n.Body, n.CreatedAt, n.ReadAt, n.EmailStatus))
            .ToListAsync(ct);
    }

    /// <summary>The bell's badge: counted in SQL.</summary>
    public Task<int> CountUnreadAsync(string userId, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.RecipientId == userId && n.ReadAt == null, ct);

    /// <returns>False when the notification is not the user's (or does not exist): the caller answers 404 either way.</returns>
    public async Task<bool> MarkReadAsync(string userId, long id, CancellationToken ct)
    {
        var now = time.UtcNow();
        var changed = await db.Notifications.Where(n => n.Id == id && n.RecipientId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return changed == 1 || await db.Notifications.AnyAsync(n => n.Id == id && n.RecipientId == userId, ct);
    }

    public Task<int> MarkAllReadAsync(string userId, CancellationToken ct)
    {
        var now = time.UtcNow();
        return db.Notifications.Where(n => n.RecipientId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>Email on or off for every kind; in-app notifications cannot be turned off.</summary>
    public async Task<List<NotificationSetting>> GetSettingsAsync(string userId, CancellationToken ct)
    {
        var off = await db.NotificationOptOuts.AsNoTracking().Where(o => o.UserId == userId).Select(o => o.Kind).ToListAsync(ct);
        return Enum.GetValues<NotificationKind>().Select(k => new NotificationSetting(k, !off.Contains(k))).ToList();
    }

    /// <summary>
    /// Kinds not named keep their setting. A second click that raced the first (both saw no opt-out and stored one, or both
    /// saw one and removed it) is tried once more and then finds what the first one stored, as it would a moment later.
    /// </summary>
    public async Task<List<NotificationSetting>> SetSettingsAsync(string userId, NotificationSettingsInput input, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var off = await db.NotificationOptOuts.Where(o => o.UserId == userId).ToListAsync(ct);
            foreach (var setting in input.Settings.DistinctBy(s => s.Kind))
            {
                var existing = off.FirstOrDefault(o => o.Kind == setting.Kind);
                if (setting.Email && existing is not null)
                {
                    db.NotificationOptOuts.Remove(existing);
                }
                else if (!setting.Email && existing is null)
                {
                    db.NotificationOptOuts.Add(new NotificationOptOut { UserId = userId, Kind = setting.Kind });
                }
            }
            var before = off.Select(o => o.Kind).ToList();
            var after = input.Settings.Where(s => !s.Email).Select(s => s.Kind).ToList();
            db.AuditLog.Add(Auditing.AuditEntry.Of<List<NotificationKind>>(userId, "NotificationSettings", userId, "Update", before, after, time.UtcNow()));
            UniqueKeyViolation? taken;
            try
            {
                taken = await db.TrySaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt == 1)
            {
                // The other click already removed the opt-out we were removing.
                db.ChangeTracker.Clear();
                continue;
            }
            if (taken is null)
            {
                return await GetSettingsAsync(userId, ct);
            }
            if (!taken.Is<NotificationOptOut>(nameof(NotificationOptOut.UserId), nameof(NotificationOptOut.Kind)) || attempt == 2)
            {
                throw new InvalidOperationException($"Unique key {taken.Name} was taken again while storing notification settings.");
            }
            // Reload what the other click stored (the opt-outs read above are still tracked as they were).
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>For Admins: the emails in one state, oldest first (Failed ones are what needs a look).</summary>
    public Task<List<OutboxEntry>> ListOutboxAsync(EmailStatus status, CancellationToken ct) =>
        db.Notifications.AsNoTracking().Where(n => n.EmailStatus == status).OrderBy(n => n.Id).Take(MaxListed)
            .Select(n => new OutboxEntry(n.Id, n.RecipientId, n.Kind, n.DealId == Notification.NoDeal ? null : n.DealId, n.PeriodKey,
                n.Title, n.EmailStatus, n.EmailAttempts, n.NextAttemptAt, n.LastError, n.SentAt, n.CreatedAt))
            .ToListAsync(ct);
}

public sealed class NotificationSettingsInputValidator : AbstractValidator<NotificationSettingsInput>
{
    public NotificationSettingsInputValidator()
    {
        RuleFor(i => i.Settings).NotNull().Must(s => s.Count <= Enum.GetValues<NotificationKind>().Length * 2)
            .WithCode("notifications.kindTwice");
        RuleForEach(i => i.Settings).ChildRules(s => s.RuleFor(x => x.Kind).IsInEnum());
    }
}
