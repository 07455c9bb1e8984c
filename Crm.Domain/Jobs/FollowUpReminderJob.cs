using System.Runtime.CompilerServices;
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
/// The due deals are read <see cref="ChunkSize"/> at a time along the (Status, FollowUpOrder, Id) index and their
/// reminders stored chunk by chunk (<see cref="NotificationWriter"/>): a province's sweep is a few dozen commands and
/// holds one chunk in memory. Texts are worded here, in each recipient's language, when the row is written.
/// </summary>
public sealed class FollowUpReminderJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    public const int EscalateAfterDays = 3;
    public const int ChunkSize = 1000;

    /// <param name="on">The zone date the run is for; today when null (the recurring schedule).</param>
    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var today = on ?? time.ZoneToday();
        var managers = await recipients.ManagersAsync(ct);
        var created = await writer.AddAsync(DraftsAsync(today, managers, ct), ct);
        await runs.CoveredAsync(JobNames.FollowUpReminders, today, ct);
        return created;
    }

    private async IAsyncEnumerable<NotificationDraft> DraftsAsync(DateOnly today, List<Recipient> managers, [EnumeratorCancellation] CancellationToken ct)
    {
        var tomorrow = today.AddDays(1);
        var period = ZoneDates.Show(today);
        var managerWords = managers.Select(m => (m.Id, Words: Catalogue.CultureOf(m.Language))).ToList();
        (DateOnly On, int Id)? after = null;
        while (true)
        {
            var due = db.Deals.AsNoTracking().Where(d => d.Status == DealStatus.Active).FollowUpBefore(tomorrow.AddDays(1));
            if (after is (DateOnly afterOn, int afterId))
            {
                due = due.Where(d => d.FollowUpOrder >= afterOn && (d.FollowUpOrder > afterOn || d.Id > afterId));
            }
            var chunk = await due.OrderBy(d => d.FollowUpOrder).ThenBy(d => d.Id).Take(ChunkSize)
                .Select(d => new { d.Id, d.Title, On = d.NextFollowUpOn!.Value, d.OwnerId, OwnerName = d.Owner!.DisplayName, d.Owner.Language })
                .ToListAsync(ct);
            foreach (var d in chunk)
            {
                var late = today.DayNumber - d.On.DayNumber;
                var words = Catalogue.CultureOf(d.Language);
                yield return late <= 0
                    ? new(d.OwnerId, NotificationKind.FollowUpDue, d.Id, period, Catalogue.Text("Notice.FollowUpDue.Title", words, d.Title),
                        Catalogue.Text(d.On == today ? "Notice.FollowUpDue.BodyToday" : "Notice.FollowUpDue.BodyTomorrow", words, d.Title, d.On))
                    : new(d.OwnerId, NotificationKind.FollowUpOverdue, d.Id, period, Catalogue.Text("Notice.FollowUpOverdue.Title", words, d.Title),
                        Catalogue.Text("Notice.FollowUpOverdue.Body", words, d.Title, d.On, late));
                if (late > EscalateAfterDays)
                {
                    // One escalation per missed date, not one a day: the key is the follow-up date.
                    foreach (var (managerId, to) in managerWords)
                    {
                        yield return new(managerId, NotificationKind.FollowUpEscalated, d.Id, ZoneDates.Show(d.On),
                            Catalogue.Text("Notice.FollowUpEscalated.Title", to, d.Title, EscalateAfterDays),
                            Catalogue.Text("Notice.FollowUpEscalated.Body", to, d.Title, d.OwnerName, d.On, late));
                    }
                }
            }
            if (chunk.Count < ChunkSize)
            {
                yield break;
            }
            after = (chunk[^1].On, chunk[^1].Id);
        }
    }
}
