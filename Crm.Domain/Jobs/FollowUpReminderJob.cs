using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// Daily: each owner hears of follow-ups due today or tomorrow and of every follow-up already past (so a date
/// that passed while nobody ran the job is reported, not skipped); past by more than 3 days also reaches managers.
/// </summary>
public sealed class FollowUpReminderJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    public const int EscalateAfterDays = 3;

    /// <param name="on">The zone date the run is for; today when null (the recurring schedule).</param>
    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var today = on ?? time.ZoneToday();
        var tomorrow = today.AddDays(1);
        var due = await db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Active && d.NextFollowUpOn != null && d.NextFollowUpOn <= tomorrow)
            .Select(d => new { d.Id, d.Title, On = d.NextFollowUpOn!.Value, d.OwnerId, OwnerName = d.Owner!.DisplayName, d.Owner.Language })
            .ToListAsync(ct);
        var managers = await recipients.ManagersAsync(ct);
        var period = ZoneDates.Show(today);

        var drafts = new List<NotificationDraft>(due.Count);
        foreach (var d in due)
        {
            var late = today.DayNumber - d.On.DayNumber;
            var words = Catalogue.CultureOf(d.Language);
            var (title, body) = late <= 0
                ? (Catalogue.Text("Notice.FollowUpDue.Title", words, d.Title),
                    Catalogue.Text(d.On == today ? "Notice.FollowUpDue.BodyToday" : "Notice.FollowUpDue.BodyTomorrow", words, d.Title, d.On))
                : (Catalogue.Text("Notice.FollowUpOverdue.Title", words, d.Title), Catalogue.Text("Notice.FollowUpOverdue.Body", words, d.Title, d.On, late));
            drafts.Add(new(d.OwnerId, late <= 0 ? NotificationKind.FollowUpDue : NotificationKind.FollowUpOverdue, d.Id, period, title, body));
            if (late > EscalateAfterDays)
            {
                // One escalation per missed date, not one a day: the key is the follow-up date.
                foreach (var m in managers)
                {
                    var to = Catalogue.CultureOf(m.Language);
                    drafts.Add(new(m.Id, NotificationKind.FollowUpEscalated, d.Id, ZoneDates.Show(d.On),
                        Catalogue.Text("Notice.FollowUpEscalated.Title", to, d.Title, EscalateAfterDays),
                        Catalogue.Text("Notice.FollowUpEscalated.Body", to, d.Title, d.OwnerName, d.On, late)));
                }
            }
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.FollowUpReminders, today, ct);
        return created;
    }
}
