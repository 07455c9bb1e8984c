using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;

namespace Crm.Domain.Jobs;

/// <summary>
/// On the first day of a quarter: each desk's recruiters get their desk's targets for the quarter that begins
/// (PeriodKey "2027-Q1"); every manager gets the closing figures, target against actual zone-wide and per desk
/// with the desks ranked, of the quarter that ended (PeriodKey "2026-Q4"), from <see cref="QuarterFigures"/>; and the
/// quarter that ended is closed (<see cref="ClosedQuarterService"/>), its review stored as reported.
/// </summary>
public sealed class QuarterlyTargetsJob(TimeProvider time, QuarterFigures quarterFigures, TargetService targets, QuarterProgressReport report,
    JobRecipients recipients, NotificationWriter writer, JobRunLog runs, ClosedQuarterService closings)
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
            var words = Catalogue.CultureOf(r.Language);
            var begunName = FigureWords.Quarter(begun.Year, begun.Quarter, words);
            var body = new StringBuilder().AppendLine(Catalogue.Text("Notice.Targets.Intro", words, deskName(r.DeskCode, words), begunName));
            if (goal == TargetFigures.Zero)
            {
                body.AppendLine(Catalogue.Text("Notice.Targets.NotSet", words));
            }
            else
            {
                foreach (var (figure, value) in new (string, long)[]
                {
                    (nameof(TargetFigures.Signed), goal.Signed), (nameof(TargetFigures.Started), goal.Started),
                    (nameof(TargetFigures.Producing), goal.Producing), (nameof(TargetFigures.SignedInvestmentYuan), goal.SignedInvestmentYuan),
                    (nameof(TargetFigures.MajorProjects), goal.MajorProjects), (nameof(TargetFigures.TopTierCompanies), goal.TopTierCompanies),
                })
                {
                    body.AppendLine(Catalogue.Text("Notice.Figure.Target", words, FigureWords.Name(figure, words), FigureWords.Value(figure, value, words)));
                }
            }
            drafts.Add(new(r.Id, NotificationKind.QuarterTargets, Notification.NoDeal, begun.ToString(),
                Catalogue.Text("Notice.Targets.Title", words, begunName), body.ToString().TrimEnd()));
        }

        var managers = await recipients.ManagersAsync(ct);
        if (managers.Count > 0)
        {
            var closing = await quarterFigures.GetFiguresAsync(ended.Year, ended.Quarter, asOf: ended.End, ct: ct);
            var ranked = QuarterProgressReport.Rank(closing);
            foreach (var m in managers)
            {
                var words = Catalogue.CultureOf(m.Language);
                var endedName = FigureWords.Quarter(ended.Year, ended.Quarter, words);
                var intro = Catalogue.Text("Notice.Closing.Intro", words, endedName, ended.Start, ended.End);
                drafts.Add(new(m.Id, NotificationKind.QuarterClosing, Notification.NoDeal, ended.ToString(),
                    Catalogue.Text("Notice.Closing.Title", words, endedName),
                    QuarterProgressReport.ZoneWide(words, intro, closing, ranked, deskName)));
            }
        }
        // The quarter that ended is closed as the managers were told it (a quarter a manager closed already stays as it is).
        await closings.CloseEndedAsync(ended, ct);
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.QuarterlyTargets, day, ct);
        return created;
    }
}
