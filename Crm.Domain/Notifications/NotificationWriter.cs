using Crm.Domain.Common;
using Crm.Domain.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Domain.Notifications;

/// <summary>A notification a job wants to exist; <see cref="NotificationWriter"/> stores it once.</summary>
public sealed record NotificationDraft(string RecipientId, NotificationKind Kind, int DealId, string PeriodKey, string Title, string Body)
{
    public (string, NotificationKind, int, string) Key => (RecipientId, Kind, DealId, PeriodKey);
}

/// <summary>
/// Stores drafts in bulk, skipping those whose key exists. Another run inserting the same keys at the same
/// moment makes the batch fail on the unique index; the batch is then retried against the keys now stored,
/// so the loser inserts nothing twice and loses nothing.
/// </summary>
public sealed class NotificationWriter(CrmDbContext db, TimeProvider time)
{
    private const int BatchRetries = 3;

    /// <returns>The number of notifications created by this call.</returns>
    public async Task<int> AddAsync(IReadOnlyCollection<NotificationDraft> drafts, CancellationToken ct)
    {
        var unique = drafts.DistinctBy(d => d.Key).ToList();
        if (unique.Count == 0)
        {
            return 0;
        }
        var kinds = unique.Select(d => d.Kind).Distinct().ToList();
        var optedOut = (await db.NotificationOptOuts.AsNoTracking().Where(o => kinds.Contains(o.Kind))
            .Select(o => new { o.UserId, o.Kind }).ToListAsync(ct))
            .Select(o => (o.UserId, o.Kind)).ToHashSet();
        var recipientIds = unique.Select(d => d.RecipientId).Distinct().ToList();
        var withEmail = (await db.Users.AsNoTracking().Where(u => recipientIds.Contains(u.Id) && u.Email != null && u.Email != "")
            .Select(u => u.Id).ToListAsync(ct)).ToHashSet();

        for (var attempt = 0; ; attempt++)
        {
            var fresh = await WithoutExistingAsync(unique, ct);
            if (fresh.Count == 0)
            {
                return 0;
            }
            var now = time.UtcNow();
            var rows = fresh.Select(d => ToRow(d, now, withEmail.Contains(d.RecipientId) && !optedOut.Contains((d.RecipientId, d.Kind)))).ToList();
            if (attempt >= BatchRetries)
            {
                return await AddOneByOneAsync(rows, ct);
            }
            db.Notifications.AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
                return rows.Count;
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                // A concurrent run stored some of these keys first; look again at what is stored.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<List<NotificationDraft>> WithoutExistingAsync(List<NotificationDraft> drafts, CancellationToken ct)
    {
        var kinds = drafts.Select(d => d.Kind).Distinct().ToList();
        var periods = drafts.Select(d => d.PeriodKey).Distinct().ToList();
        var existing = (await db.Notifications.AsNoTracking()
                .Where(n => kinds.Contains(n.Kind) && periods.Contains(n.PeriodKey))
                .Select(n => new { n.RecipientId, n.Kind, n.DealId, n.PeriodKey })
                .ToListAsync(ct))
            .Select(n => (n.RecipientId, n.Kind, n.DealId, n.PeriodKey)).ToHashSet();
        return drafts.Where(d => !existing.Contains(d.Key)).ToList();
    }

    private async Task<int> AddOneByOneAsync(List<Notification> rows, CancellationToken ct)
    {
        var added = 0;
        foreach (var row in rows)
        {
            db.Notifications.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                added++;
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
        return added;
    }

    private static Notification ToRow(NotificationDraft d, DateTime now, bool email) => new()
    {
        RecipientId = d.RecipientId,
        Kind = d.Kind,
        DealId = d.DealId,
        PeriodKey = d.PeriodKey,
        Title = Truncate(d.Title, FieldLengths.Name),
        Body = Truncate(d.Body, FieldLengths.LongText),
        CreatedAt = now,
        EmailStatus = email ? EmailStatus.Pending : EmailStatus.None,
        NextAttemptAt = email ? now : null,
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>SQLite: SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY; SQL Server: 2601 / 2627; PostgreSQL: SQLSTATE 23505.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException s => s.Number is 2601 or 2627,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
