using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Notifications;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;

namespace Crm.Domain.Jobs;

/// <summary>
/// On the first day of a quarter: each desk's recruiters get their desk's targets for the quarter that begins
/// (PeriodKey "2027-Q1"); every manager gets the closing figures, target against actual zone-wide and per desk
/// with the desks ranked, of the quarter that ended (PeriodKey "2026-Q4"), from <see cref="QuarterFigures"/>.
/// </summary>
public sealed class QuarterlyTargetsJob(TimeProvider time, QuarterFigures quarterFigures, TargetService targets, QuarterProgressReport report,
    JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var day = on ?? time.ZoneToday();
        var begun = QuarterPeriod.Of(day);
        var ended = begun.Previous;
        var deskName = await report.DeskNamesAsync(ct);
        var drafts = new List<NotificationDraft>();

        var goals = await targets.ReadAsync(begun, ct);
        foreach (var r in await recipients.RecruitersWithDeskAsync(ct))
        {
            if (!goals.Desks.TryGetValue(r.DeskCode, out var goal))
            {
                continue;
            }
            var body = new StringBuilder().AppendLine(NotificationTexts.TargetsIntro(r.Language, deskName(r.DeskCode, r.Language), begun.Year, begun.Quarter));
            if (goal == TargetFigures.Zero)
            {
                body.AppendLine(NotificationTexts.TargetsNotSet(r.Language));
            }
            else
            {
                body.AppendLine(NotificationTexts.TargetLine(r.Language, nameof(TargetFigures.Signed), goal.Signed))
                    .AppendLine(NotificationTexts.TargetLine(r.Language, nameof(TargetFigures.Started), goal.Started))
                    .AppendLine(NotificationTexts.TargetLine(r.Language, nameof(TargetFigures.Producing), goal.Producing))
                    .AppendLine(NotificationTexts.TargetLine(r.Language, nameof(TargetFigures.SignedInvestmentYuan), goal.SignedInvestmentYuan))
                    .AppendLine(NotificationTexts.TargetLine(r.Language, nameof(TargetFigures.MajorProjects), goal.MajorProjects))
                    .AppendLine(NotificationTexts.TargetLine(r.Language, nameof(TargetFigures.TopTierCompanies), goal.TopTierCompanies));
            }
            drafts.Add(new(r.Id, NotificationKind.QuarterTargets, Notification.NoDeal, begun.ToString(),
                NotificationTexts.TargetsTitle(r.Language, begun.Year, begun.Quarter), body.ToString().TrimEnd()));
        }

        var managers = await recipients.ManagersAsync(ct);
        if (managers.Count > 0)
        {
            var closing = await quarterFigures.GetFiguresAsync(ended.Year, ended.Quarter, asOf: ended.End, ct: ct);
            var ranked = QuarterProgressReport.Rank(closing);
            foreach (var m in managers)
            {
                var intro = NotificationTexts.ClosingIntro(m.Language, ended.Year, ended.Quarter, ended.Start, ended.End);
                drafts.Add(new(m.Id, NotificationKind.QuarterClosing, Notification.NoDeal, ended.ToString(),
                    NotificationTexts.ClosingTitle(m.Language, ended.Year, ended.Quarter),
                    QuarterProgressReport.ZoneWide(m.Language, intro, closing, ranked, deskName)));
            }
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.QuarterlyTargets, day, ct);
        return created;
    }
}
