using System.Globalization;
using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Problems;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;

namespace Crm.Domain.Jobs;

/// <summary>
/// 旬考核, on the 1st, 11th and 21st: progress against the running quarter's targets so far (from
/// <see cref="QuarterFigures"/>, as of the run's zone date). Every manager gets the zone, the desks ranked and every
/// desk's figures; each desk's recruiters get their desk's figures and its rank. One notification per recipient and
/// ten-day period (<see cref="PeriodKey"/>), so a rerun or a second server adds nothing. The managers' assessment also
/// ranks the departments by the closure rate of the problems due in the ten days before the run (<see cref="ProblemPeriod"/>).
/// </summary>
public sealed class TenDayAssessmentJob(TimeProvider time, QuarterFigures quarterFigures, QuarterProgressReport report,
    JobRecipients recipients, NotificationWriter writer, JobRunLog runs, ProblemService problems)
{
    /// <summary>
    /// The ten-day period (旬) that ended the day before <paramref name="day"/>: a run on the 11th covers the 1st–10th, on the
    /// 1st the previous month's 21st to its end. Every problem due in it is past its deadline on the run's day.
    /// </summary>
    public static (DateOnly From, DateOnly To) ProblemPeriod(DateOnly day)
    {
        var last = day.AddDays(-1);
        var startDay = Math.Min((last.Day - 1) / 10, 2) * 10 + 1;
        var from = new DateOnly(last.Year, last.Month, startDay);
        var to = startDay == 21 ? new DateOnly(last.Year, last.Month, DateTime.DaysInMonth(last.Year, last.Month)) : from.AddDays(9);
        return (from, to);
    }

    /// <summary>
    /// The ten-day period (旬) of <paramref name="day"/>, numbered within its quarter: D1–D3 are the first month's
    /// 上旬 (1st–10th), 中旬 (11th–20th) and 下旬 (21st–end), D4–D6 the second month's, D7–D9 the third's.
    /// 30 Nov 2026 → "2026-Q4-D6".
    /// </summary>
    public static string PeriodKey(DateOnly day)
    {
        var quarter = QuarterPeriod.Of(day);
        var monthInQuarter = day.Month - quarter.Start.Month;
        var tenDay = Math.Min((day.Day - 1) / 10, 2);
        return string.Create(CultureInfo.InvariantCulture, $"{quarter}-D{monthInQuarter * 3 + tenDay + 1}");
    }

    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var day = on ?? time.ZoneToday();
        var quarter = QuarterPeriod.Of(day);
        var figures = await quarterFigures.GetFiguresAsync(quarter.Year, quarter.Quarter, asOf: day, ct: ct);
        var ranked = QuarterProgressReport.Rank(figures);
        var deskName = await report.DeskNamesAsync(ct);
        var key = PeriodKey(day);
        var (problemsFrom, problemsTo) = ProblemPeriod(day);
        var closure = await problems.ClosureAsync(problemsFrom, problemsTo, ct);
        var drafts = new List<NotificationDraft>();

        foreach (var m in await recipients.ManagersAsync(ct))
        {
            var words = Catalogue.CultureOf(m.Language);
            var intro = Intro(words);
            var body = new StringBuilder(QuarterProgressReport.ZoneWide(words, intro, figures, ranked, deskName)).AppendLine().AppendLine()
                .AppendLine(Catalogue.Text("Notice.TenDay.Departments", words, problemsFrom, problemsTo));
            foreach (var d in closure)
            {
                body.AppendLine(Catalogue.Text("Notice.TenDay.DepartmentLine", words, d.Rank?.ToString(CultureInfo.InvariantCulture) ?? AmountFormat.None,
                    Catalogue.NameIn(words, d.Name, d.NameEn), d.ClosedInTime, d.Due, FigureWords.Percent(d.Percent, words)));
            }
            drafts.Add(new(m.Id, NotificationKind.TenDayAssessment, Notification.NoDeal, key, Catalogue.Text("Notice.TenDay.Title", words, key),
                body.ToString().TrimEnd()));
        }
        foreach (var r in await recipients.RecruitersWithDeskAsync(ct))
        {
            if (ranked.FirstOrDefault(d => d.DeskCode == r.DeskCode) is not { } desk)
            {
                continue;
            }
            var words = Catalogue.CultureOf(r.Language);
            var name = deskName(desk.DeskCode, words);
            var body = new StringBuilder()
                .AppendLine(Intro(words))
                .AppendLine(Catalogue.Text("Notice.TenDay.DeskRank", words, name, desk.Rank, ranked.Count))
                .AppendLine(Catalogue.Text("Notice.DeskHeading", words, name));
            QuarterProgressReport.AppendFigures(body, words, desk.Figures);
            drafts.Add(new(r.Id, NotificationKind.TenDayAssessment, Notification.NoDeal, key, Catalogue.Text("Notice.TenDay.Title", words, key),
                body.ToString().TrimEnd()));
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.TenDayAssessment, day, ct);
        return created;

        string Intro(System.Globalization.CultureInfo words) =>
            Catalogue.Text("Notice.TenDay.Intro", words, FigureWords.Quarter(quarter.Year, quarter.Quarter, words), figures.AsOf);
    }
}
