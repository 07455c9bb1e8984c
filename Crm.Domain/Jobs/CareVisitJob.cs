using Crm.Domain.Care;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// 包保 visits, daily: the officer of every project whose visit is overdue (<see cref="CareVisits"/>) is told once per
/// project and due date. The key holds the due date, so a visit that moves it makes a later miss a new reminder.
/// </summary>
public sealed class CareVisitJob(CrmDbContext db, TimeProvider time, NotificationWriter writer, JobRunLog runs)
{
    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var today = on ?? time.ZoneToday();
        var overdue = await CareVisits.Rows(db).OverdueOn(today)
            .Join(db.Users, r => r.OfficerId, u => u.Id, (r, u) => new { r.DealId, r.Title, r.OfficerId, r.DueOn, r.LastVisitOn, r.IntervalDays, u.Language })
            .OrderBy(r => r.DealId)
            .ToListAsync(ct);
        var drafts = overdue.Select(r =>
        {
            var words = Catalogue.CultureOf(r.Language);
            return new NotificationDraft(r.OfficerId, NotificationKind.CareVisitOverdue, r.DealId, $"Visit:{ZoneDates.Show(r.DueOn)}",
                Catalogue.Text("Notice.CareVisit.Title", words, r.Title),
                Catalogue.Text("Notice.CareVisit.Body", words, r.Title, r.DueOn, r.IntervalDays));
        }).ToList();
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.CareVisits, today, ct);
        return created;
    }
}
