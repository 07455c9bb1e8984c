using System.Text;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// 日报告, daily at 18:00: each recruiter hears what changed on the deals they own that zone day (stage moves,
/// status changes, activities, edits from the audit log) and which follow-ups are due tomorrow. Nothing to say, no notification.
/// </summary>
public sealed class DailyDigestJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    private const int MaxLines = 50;

    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var day = on ?? time.ZoneToday();
        var tomorrow = day.AddDays(1);
        var dayStart = ZoneTime.StartOfZoneDateUtc(day);
        var dayEnd = ZoneTime.StartOfZoneDateUtc(tomorrow);

        var recruiters = await recipients.InRoleAsync(Roles.Recruiter, ct);
        var moves = await (from s in db.StageChanges.AsNoTracking()
                           join d in db.Deals on s.DealId equals d.Id
                           where s.RecordedAt >= dayStart && s.RecordedAt < dayEnd && s.FromStage != null
                           orderby s.Id
                           select new { d.OwnerId, d.Title, s.FromStage, s.ToStage, s.FromStatus, s.ToStatus }).ToListAsync(ct);
        var activities = await (from a in db.Activities.AsNoTracking()
                                join d in db.Deals on a.DealId equals d.Id
                                where a.RecordedAt >= dayStart && a.RecordedAt < dayEnd
                                orderby a.Id
                                select new { d.OwnerId, d.Title, a.Summary }).ToListAsync(ct);
        // Edits of a deal's facts are only in the audit log (its id is stored as text there).
        var editedIds = (await db.AuditLog.AsNoTracking()
                .Where(a => a.At >= dayStart && a.At < dayEnd && a.EntityType == nameof(Deal) && a.Action == AuditActions.Update)
                .Select(a => a.EntityId).Distinct().ToListAsync(ct))
            .Select(id => int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToList();
        var edited = await db.Deals.AsNoTracking().Where(d => editedIds.Contains(d.Id)).OrderBy(d => d.Id)
            .Select(d => new { d.OwnerId, d.Title }).ToListAsync(ct);
        var dueTomorrow = await db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Active && d.FollowUpOrder == tomorrow)
            .OrderBy(d => d.Id).Select(d => new { d.OwnerId, d.Title }).ToListAsync(ct);

        var movesBy = moves.ToLookup(m => m.OwnerId);
        var activitiesBy = activities.ToLookup(a => a.OwnerId);
        var editedBy = edited.ToLookup(e => e.OwnerId);
        var dueBy = dueTomorrow.ToLookup(d => d.OwnerId);
        var period = ZoneDates.Show(day);
        var drafts = new List<NotificationDraft>();
        foreach (var r in recruiters)
        {
            var words = Catalogue.CultureOf(r.Language);
            // Stage and status read as their labels (the pages' words): an enum argument becomes its label.
            var changes = movesBy[r.Id].Select(m => m.FromStatus != m.ToStatus
                    ? Catalogue.Text("Notice.Digest.MoveLine", words, m.Title, m.FromStatus, m.ToStatus)
                    : Catalogue.Text("Notice.Digest.MoveLine", words, m.Title, m.FromStage!.Value, m.ToStage))
                .Concat(activitiesBy[r.Id].Select(a => Catalogue.Text("Notice.Digest.ActivityLine", words, a.Title, a.Summary)))
                .Concat(editedBy[r.Id].Select(e => Catalogue.Text("Notice.Digest.EditedLine", words, e.Title)))
                .ToList();
            var due = dueBy[r.Id].Select(d => Catalogue.Text("Notice.Digest.DueLine", words, d.Title)).ToList();
            if (changes.Count == 0 && due.Count == 0)
            {
                continue;
            }
            var body = new StringBuilder();
            if (changes.Count > 0)
            {
                body.AppendLine(Catalogue.Text("Notice.Digest.Changes", words));
                changes.Take(MaxLines).ToList().ForEach(l => body.AppendLine(l));
            }
            if (due.Count > 0)
            {
                body.AppendLine(Catalogue.Text("Notice.Digest.Due", words, tomorrow));
                due.Take(MaxLines).ToList().ForEach(l => body.AppendLine(l));
            }
            drafts.Add(new(r.Id, NotificationKind.DailyDigest, Notification.NoDeal, period, Catalogue.Text("Notice.Digest.Title", words, day), body.ToString().TrimEnd()));
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.DailyDigest, day, ct);
        return created;
    }
}
