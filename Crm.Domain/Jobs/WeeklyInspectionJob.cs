using System.Globalization;
using System.Text;
using Crm.Domain.Care;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Schedules;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// 周巡查, Mondays: every manager gets, per desk, the count of stale deals (no activity for 30 days), projects
/// with a milestone of their schedule overdue (<see cref="ProjectSchedule.WithOverdueMilestone"/>), overdue follow-ups and signed projects
/// without a 包保 visit in their interval (<see cref="CareVisits"/>, counted and listed). Counted in SQL.
/// </summary>
public sealed class WeeklyInspectionJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    public const int StaleAfterDays = 30;

    public static string WeekKey(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}");

    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var day = on ?? time.ZoneToday();
        var staleBefore = day.AddDays(-StaleAfterDays);
        var active = db.Deals.AsNoTracking().Where(d => d.Status == DealStatus.Active);

        var stale = await Count(active.Where(d => (d.LastActivityOn ?? d.LeadOn) < staleBefore), ct);
        var slipped = await Count(active.WithOverdueMilestone(db, day), ct);
        var overdue = await Count(active.FollowUpBefore(day), ct);
        var unvisitedRows = CareVisits.Rows(db).OverdueOn(day);
        var unvisited = await unvisitedRows.GroupBy(r => r.DeskCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var unvisitedList = await unvisitedRows.OrderBy(r => r.DueOn).ThenBy(r => r.DealId)
            .Select(r => new { r.Title, r.DueOn, Officer = db.Users.Where(u => u.Id == r.OfficerId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        var desks = await db.Desks.AsNoTracking().OrderBy(d => d.SortOrder).Select(d => new { d.Code, d.Name, d.NameEn }).ToListAsync(ct);
        var managers = await recipients.ManagersAsync(ct);

        var week = WeekKey(day);
        var drafts = new List<NotificationDraft>(managers.Count);
        foreach (var m in managers)
        {
            var words = Catalogue.CultureOf(m.Language);
            var body = new StringBuilder();
            foreach (var desk in desks)
            {
                var name = Catalogue.NameIn(words, desk.Name, desk.NameEn);
                body.AppendLine(Catalogue.Text("Notice.Inspection.Line", words, name,
                    stale.GetValueOrDefault(desk.Code), slipped.GetValueOrDefault(desk.Code), overdue.GetValueOrDefault(desk.Code), StaleAfterDays,
                    unvisited.GetValueOrDefault(desk.Code)));
            }
            if (unvisitedList.Count > 0)
            {
                body.AppendLine(Catalogue.Text("Notice.Inspection.Unvisited", words));
                foreach (var u in unvisitedList)
                {
                    body.AppendLine(Catalogue.Text("Notice.Inspection.UnvisitedLine", words, u.Title, u.Officer, u.DueOn));
                }
            }
            drafts.Add(new(m.Id, NotificationKind.WeeklyInspection, Notification.NoDeal, week,
                Catalogue.Text("Notice.Inspection.Title", words, week), body.ToString().TrimEnd()));
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.WeeklyInspection, day, ct);
        return created;
    }

    private static Task<Dictionary<string, int>> Count(IQueryable<Deal> deals, CancellationToken ct) =>
        deals.GroupBy(d => d.DeskCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
