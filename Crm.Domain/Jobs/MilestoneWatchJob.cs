using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// 限时办结, daily: an agreement's planned start or production date within 7 days (once) or passed (once)
/// without the stage reached: the owner and every manager. The key holds the milestone and its planned date,
/// so a re-planned date is reported afresh.
/// </summary>
public sealed class MilestoneWatchJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    public const int WarnDaysAhead = 7;

    // Stages are stored as names, so "before Started" is a list, not a comparison.
    internal static readonly DealStage[] BeforeStarted = [DealStage.Lead, DealStage.Contacted, DealStage.Negotiating, DealStage.Signed];
    internal static readonly DealStage[] BeforeProducing = [.. BeforeStarted, DealStage.Started];

    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var today = on ?? time.ZoneToday();
        var horizon = today.AddDays(WarnDaysAhead);
        var deals = await db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Active
                && ((BeforeStarted.Contains(d.Stage) && d.PlannedStartOn != null && d.PlannedStartOn <= horizon)
                    || (BeforeProducing.Contains(d.Stage) && d.PlannedProductionOn != null && d.PlannedProductionOn <= horizon)))
            .Select(d => new { d.Id, d.Title, d.Stage, d.PlannedStartOn, d.PlannedProductionOn, d.OwnerId, d.Owner!.Language })
            .ToListAsync(ct);
        var managers = await recipients.ManagersAsync(ct);

        var drafts = new List<NotificationDraft>();
        foreach (var d in deals)
        {
            if (BeforeStarted.Contains(d.Stage) && d.PlannedStartOn is { } start && start <= horizon)
            {
                Add(d.Id, d.Title, d.OwnerId, d.Language, DealStage.Started, start);
            }
            if (BeforeProducing.Contains(d.Stage) && d.PlannedProductionOn is { } production && production <= horizon)
            {
                Add(d.Id, d.Title, d.OwnerId, d.Language, DealStage.Producing, production);
            }
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.MilestoneWatch, today, ct);
        return created;

        void Add(int dealId, string title, string ownerId, string ownerLanguage, DealStage milestone, DateOnly planned)
        {
            var passed = planned < today;
            var kind = passed ? NotificationKind.MilestonePassed : NotificationKind.MilestoneDue;
            var key = $"{milestone}:{ZoneDates.Show(planned)}";
            IEnumerable<(string Id, string Language)> to = [(ownerId, ownerLanguage), .. managers.Where(m => m.Id != ownerId).Select(m => (m.Id, m.Language))];
            foreach (var (id, language) in to)
            {
                // The milestone reads as the stage's own label (开工, 投产), the same word as on the pages.
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
