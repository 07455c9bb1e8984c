using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Auditing;

/// <summary>What the Admin searches the audit log by; every part optional. Dates are the zone's, both ends included.</summary>
public sealed record AuditFilter
{
    public string? UserId { get; init; }
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public string? Action { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}

public sealed record AuditRow(long Id, DateTime At, string UserId, string? UserName, string EntityType, string EntityId, string Action, string? Before, string? After);

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Total);

/// <summary>One row of an export or a page, in words (<see cref="AuditDescriptions"/>).</summary>
public sealed record AuditLine(DateTime At, string User, string Entity, string EntityId, string Action, string Changes);

/// <summary>
/// Reading the audit log, and writing the rows that are not a record's change (sign-ins, denials). There is no
/// update or delete here, nor anywhere in the product: the log is written once and only read.
/// </summary>
public sealed class AuditLogService(CrmDbContext db, TimeProvider time)
{
    public const string SignInEntity = "SignIn";
    public const string AccessEntity = "Access";
    public const int MaxPageSize = 200;
    public const int MaxExportRows = 50_000;

    public async Task<AuditPage> SearchAsync(AuditFilter filter, int skip, int take, CancellationToken ct)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var items = await Rows(query.OrderByDescending(a => a.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    /// <summary>
    /// A deal's or a company's own history, newest first (at most <see cref="MaxPageSize"/> rows), for a user who may
    /// see that record; null for anyone else, and for any other kind of record, so the page shows nothing and leaks nothing.
    /// </summary>
    public async Task<IReadOnlyList<AuditRow>?> RecordHistoryAsync(CurrentUser user, string entityType, int id, CancellationToken ct)
    {
        var visible = entityType switch
        {
            nameof(Deal) => await db.Deals.VisibleTo(user).AnyAsync(d => d.Id == id, ct),
            nameof(Company) => await db.Companies.VisibleTo(user).AnyAsync(c => c.Id == id, ct),
            _ => false,
        };
        if (!visible)
        {
            return null;
        }
        var key = id.ToString(CultureInfo.InvariantCulture);
        return await Rows(db.AuditLog.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == key)
            .OrderByDescending(a => a.Id).Take(MaxPageSize)).ToListAsync(ct);
    }

    /// <summary>What the page shows, all of it (up to <see cref="MaxExportRows"/>), in the reader's words.</summary>
    public async Task<List<AuditLine>> LinesAsync(AuditFilter filter, CultureInfo culture, CancellationToken ct)
    {
        var rows = await Rows(Filtered(filter).OrderByDescending(a => a.Id).Take(MaxExportRows)).ToListAsync(ct);
        return rows.Select(r => Line(r, culture)).ToList();
    }

    public static AuditLine Line(AuditRow r, CultureInfo culture) => new(
        r.At, r.UserName ?? r.UserId, AuditDescriptions.Entity(r.EntityType, culture), r.EntityId, AuditDescriptions.Action(r.Action, culture),
        AuditDescriptions.Summary(new AuditEntry { UserId = r.UserId, EntityType = r.EntityType, EntityId = r.EntityId, Action = r.Action, Before = r.Before, After = r.After }, culture));

    /// <summary>The kinds of record and of change the log holds, for the filters.</summary>
    public async Task<(List<string> Entities, List<string> Actions)> KindsAsync(CancellationToken ct) =>
        (await db.AuditLog.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(e => e).ToListAsync(ct),
         await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(e => e).ToListAsync(ct));

    /// <summary>
    /// A sign-in attempt. A failure names the account when the address is one (its id), and keeps the address as typed
    /// otherwise, so an inspector sees attempts on unknown accounts too; the password is never written.
    /// </summary>
    public async Task RecordSignInAsync(string? userId, string email, string outcome, string scheme, string? address, CancellationToken ct)
    {
        var typed = email.Trim();
        db.AuditLog.Add(AuditEntry.Of<object>(userId ?? "", SignInEntity, userId ?? Truncate(typed, FieldLengths.UserId), outcome, null,
            new SignInFacts(Truncate(typed, FieldLengths.Email), scheme, address), time.UtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A refused access: the route or page a signed-in user was not allowed.</summary>
    public async Task RecordDenialAsync(string userId, string method, string path, CancellationToken ct)
    {
        db.AuditLog.Add(AuditEntry.Of<object>(userId, AccessEntity, Truncate(path, FieldLengths.UserId), AuditActions.Denied, null,
            new DenialFacts(method, Truncate(path, FieldLengths.Note)), time.UtcNow()));
        await db.SaveChangesAsync(ct);
    }

    private sealed record SignInFacts(string Email, string Scheme, string? Address);

    private sealed record DenialFacts(string Method, string Path);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private IQueryable<AuditEntry> Filtered(AuditFilter f)
    {
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.UserId))
        {
            q = q.Where(a => a.UserId == f.UserId);
        }
        if (!string.IsNullOrWhiteSpace(f.EntityType))
        {
            q = q.Where(a => a.EntityType == f.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(f.EntityId))
        {
            var id = f.EntityId.Trim();
            q = q.Where(a => a.EntityId == id);
        }
        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            q = q.Where(a => a.Action == f.Action);
        }
        if (f.From is { } from)
        {
            var start = ZoneTime.StartOfZoneDateUtc(from);
            q = q.Where(a => a.At >= start);
        }
        if (f.To is { } to)
        {
            var end = ZoneTime.StartOfZoneDateUtc(to.AddDays(1));
            q = q.Where(a => a.At < end);
        }
        return q;
    }

    private IQueryable<AuditRow> Rows(IQueryable<AuditEntry> q) =>
        from a in q
        join u in db.Users on a.UserId equals u.Id into users
        from u in users.DefaultIfEmpty()
        select new AuditRow(a.Id, a.At, a.UserId, u == null ? null : u.DisplayName, a.EntityType, a.EntityId, a.Action, a.Before, a.After);
}
