using System.Security.Cryptography;
using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Jobs;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Calendar;

/// <summary>What a calendar day shows of a deal: its next follow-up, or an agreement's planned milestone not yet reached.</summary>
public enum CalendarEntryKind
{
    FollowUp,
    PlannedStart,
    PlannedProduction,
}

/// <summary>One dated entry; <see cref="Overdue"/> when its day has passed and it is still open.</summary>
public sealed record CalendarEntry(int DealId, string Title, string CompanyName, CalendarEntryKind Kind, DateOnly On, bool Overdue);

/// <summary>
/// The follow-up calendar of a user, in their deal scope (<see cref="DealScope"/>), and their personal iCalendar feed
/// behind a secret of which only the hash is stored.
/// </summary>
public sealed class CalendarService(CrmDbContext db, TimeProvider time)
{
    /// <summary>The feed covers this many days back (overdue items stay visible on a phone) and ahead.</summary>
    public const int FeedDaysBack = 31;
    public const int FeedDaysAhead = 183;
    public const int MaxDays = 62;
    public const string FeedRoute = "/calendar/feed/{secret}.ics";

    /// <summary>The feed's path for a secret (the host maps <see cref="FeedRoute"/>).</summary>
    public static string FeedPath(string secret) => $"/calendar/feed/{secret}.ics";

    /// <summary>Entries dated from <paramref name="from"/> to <paramref name="to"/>, inclusive, of active deals the user sees.</summary>
    public async Task<IReadOnlyList<CalendarEntry>> EntriesAsync(CurrentUser user, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var today = time.ZoneToday();
        var active = db.Deals.AsNoTracking().VisibleTo(user).Where(d => d.Status == DealStatus.Active);
        // The stages before a milestone are the reminder job's: the calendar shows what the job warns about.
        var beforeStarted = Schedules.ProjectSchedule.BeforeStarted;
        var beforeProducing = Schedules.ProjectSchedule.BeforeProducing;
        var followUps = await active.Where(d => d.NextFollowUpOn >= from && d.NextFollowUpOn <= to)
            .Select(d => new { d.Id, d.Title, Company = d.Company!.Name, On = d.NextFollowUpOn!.Value }).ToListAsync(ct);
        var starts = await active.Where(d => beforeStarted.Contains(d.Stage) && d.PlannedStartOn >= from && d.PlannedStartOn <= to)
            .Select(d => new { d.Id, d.Title, Company = d.Company!.Name, On = d.PlannedStartOn!.Value }).ToListAsync(ct);
        var productions = await active.Where(d => beforeProducing.Contains(d.Stage) && d.PlannedProductionOn >= from && d.PlannedProductionOn <= to)
            .Select(d => new { d.Id, d.Title, Company = d.Company!.Name, On = d.PlannedProductionOn!.Value }).ToListAsync(ct);
        return
        [
            .. followUps.Select(d => new CalendarEntry(d.Id, d.Title, d.Company, CalendarEntryKind.FollowUp, d.On, d.On < today))
                .Concat(starts.Select(d => new CalendarEntry(d.Id, d.Title, d.Company, CalendarEntryKind.PlannedStart, d.On, d.On < today)))
                .Concat(productions.Select(d => new CalendarEntry(d.Id, d.Title, d.Company, CalendarEntryKind.PlannedProduction, d.On, d.On < today)))
                .OrderBy(e => e.On).ThenBy(e => e.Kind).ThenBy(e => e.DealId),
        ];
    }

    public Task<bool> HasFeedAsync(CurrentUser user, CancellationToken ct) => db.CalendarFeeds.AnyAsync(f => f.UserId == user.Id, ct);

    /// <summary>A new secret for the user's feed (the old one stops working); shown once, only its hash is kept.</summary>
    public async Task<string> RotateFeedAsync(CurrentUser user, CancellationToken ct)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var hash = Hash(secret);
        var now = time.UtcNow();
        var updated = await db.CalendarFeeds.Where(f => f.UserId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.SecretHash, hash).SetProperty(f => f.CreatedAt, now), ct);
        if (updated == 0)
        {
            db.CalendarFeeds.Add(new CalendarFeed { UserId = user.Id, SecretHash = hash, CreatedAt = now });
            if (await db.TrySaveChangesAsync(ct) is not null)
            {
                // Created by a request of the same user at the same moment: this secret replaces that one.
                await db.CalendarFeeds.Where(f => f.UserId == user.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.SecretHash, hash).SetProperty(f => f.CreatedAt, now), ct);
            }
        }
        return secret;
    }

    public async Task RevokeFeedAsync(CurrentUser user, CancellationToken ct) =>
        await db.CalendarFeeds.Where(f => f.UserId == user.Id).ExecuteDeleteAsync(ct);

    /// <summary>The feed of the secret's owner as iCalendar text, in their language; null when no feed has that secret.</summary>
    /// <param name="dealUrl">The absolute address of a deal's page, so a phone's calendar opens the deal.</param>
    public async Task<string?> FeedAsync(string secret, Func<int, string> dealUrl, CancellationToken ct)
    {
        if (secret.Length != 64)
        {
            return null;
        }
        var hash = Hash(secret);
        var owner = await db.CalendarFeeds.AsNoTracking().Where(f => f.SecretHash == hash)
            .Select(f => new
            {
                f.UserId,
                Desk = db.Users.Where(u => u.Id == f.UserId).Select(u => u.DeskCode).FirstOrDefault(),
                Language = db.Users.Where(u => u.Id == f.UserId).Select(u => u.Language).FirstOrDefault()
            })
            .SingleOrDefaultAsync(ct);
        if (owner is null)
        {
            return null;
        }
        var roles = await db.UserRoles.Where(r => r.UserId == owner.UserId)
            .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var user = new CurrentUser(owner.UserId, roles.ToHashSet(), owner.Desk);
        var today = time.ZoneToday();
        var entries = await EntriesAsync(user, today.AddDays(-FeedDaysBack), today.AddDays(FeedDaysAhead), ct);
        var words = Catalogue.CultureOf(owner.Language);
        return ICalendarWriter.Write(entries.Select(e => new ICalendarEvent(
            Uid: $"{e.Kind}-{e.DealId}@zone-crm",
            On: e.On,
            Summary: Catalogue.Text(e.Overdue ? "Calendar.FeedSummaryOverdue" : "Calendar.FeedSummary", words, Catalogue.Of(e.Kind, words), e.Title),
            Description: e.CompanyName,
            Url: dealUrl(e.DealId))), time.UtcNow());
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
