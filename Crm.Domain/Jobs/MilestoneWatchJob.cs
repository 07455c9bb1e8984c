using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Schedules;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// 限时办结, daily: a milestone of a project's schedule (<see cref="ProjectSchedule"/>: the agreement's 开工 and 投产 dates
/// and every milestone the schedule plans) within 7 days (once) or passed (once) without being reached: the owner and
/// every manager. The key holds the milestone and its planned date, so a re-planned date is reported afresh.
/// </summary>
public sealed class MilestoneWatchJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    public const int WarnDaysAhead = 7;

    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var today = on ?? time.ZoneToday();
        var horizon = today.AddDays(WarnDaysAhead);
        var active = db.Deals.AsNoTracking().Where(d => d.Status == DealStatus.Active);
        var (beforeStarted, beforeProducing) = (ProjectSchedule.BeforeStarted, ProjectSchedule.BeforeProducing);
        // The agreement's dates, on the deal.
        var deals = await active
            .Where(d => (beforeStarted.Contains(d.Stage) && d.PlannedStartOn != null && d.PlannedStartOn <= horizon)
                || (beforeProducing.Contains(d.Stage) && d.PlannedProductionOn != null && d.PlannedProductionOn <= horizon))
            .Select(d => new { d.Id, d.Title, d.Stage, d.PlannedStartOn, d.PlannedProductionOn, d.OwnerId, d.Owner!.Language })
            .ToListAsync(ct);
        // The milestones the schedule plans itself.
        var scheduled = await db.ProjectMilestones.AsNoTracking().OpenRowsDueBy(active, horizon)
            .Join(db.Deals, m => m.DealId, d => d.Id, (m, d) => new { d.Id, d.Title, m.Kind, Planned = m.PlannedOn!.Value, d.OwnerId, d.Owner!.Language })
            .ToListAsync(ct);
        var managers = await recipients.ManagersAsync(ct);

        var drafts = new List<NotificationDraft>();
        foreach (var d in deals)
        {
            if (beforeStarted.Contains(d.Stage) && d.PlannedStartOn is { } start && start <= horizon)
            {
                Add(d.Id, d.Title, d.OwnerId, d.Language, MilestoneKind.Started, start);
            }
            if (beforeProducing.Contains(d.Stage) && d.PlannedProductionOn is { } production && production <= horizon)
            {
                Add(d.Id, d.Title, d.OwnerId, d.Language, MilestoneKind.Producing, production);
            }
        }
        foreach (var m in scheduled.OrderBy(m => m.Id).ThenBy(m => m.Kind))
        {
            Add(m.Id, m.Title, m.OwnerId, m.Language, m.Kind, m.Planned);
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.MilestoneWatch, today, ct);
        return created;

        void Add(int dealId, string title, string ownerId, string ownerLanguage, MilestoneKind milestone, DateOnly planned)
        {
            var passed = planned < today;
            var kind = passed ? NotificationKind.MilestonePassed : NotificationKind.MilestoneDue;
            // 开工 and 投产 keep the keys they had when they were stages ("Started:2026-05-01").
            var key = $"{milestone}:{ZoneDates.Show(planned)}";
            IEnumerable<(string Id, string Language)> to = [(ownerId, ownerLanguage), .. managers.Where(m => m.Id != ownerId).Select(m => (m.Id, m.Language))];
            foreach (var (id, language) in to)
            {
                // The milestone reads as its own label (供地, 开工, 投产), the same word as on the schedule.
                var words = Catalogue.CultureOf(language);
                var (t, b) = passed
                    ? (Catalogue.Text("Notice.MilestonePassed.Title", words, title, milestone),
                        Catalogue.Text("Notice.MilestonePassed.Body", words, title, milestone, planned))
                    : (Catalogue.Text("Notice.MilestoneDue.Title", words, title, milestone),
                        Catalogue.Text("Notice.MilestoneDue.Body", words, title, milestone, planned, WarnDaysAhead));
                drafts.Add(new(id, kind, dealId, key, t, b));
            }
        }
    }
}
