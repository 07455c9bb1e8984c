using System.Globalization;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Problems;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>
/// 限时办结, daily: every problem past its deadline (<see cref="ProblemDeadline.IsOverdue"/>) escalates to the person it is
/// assigned to and every manager. The key holds the problem and its deadline (<see cref="PeriodKey"/>), so each problem
/// escalates once per deadline: a rerun adds nothing, a moved deadline that passes escalates again.
/// </summary>
public sealed class ProblemWatchJob(CrmDbContext db, TimeProvider time, JobRecipients recipients, NotificationWriter writer, JobRunLog runs)
{
    /// <summary>An overdue problem, with what its notices say.</summary>
    public sealed record OverdueProblem(int Id, int DealId, string DealTitle, ProblemKind Kind, DateOnly DueOn, string DepartmentName,
        string DepartmentNameEn, string AssigneeId, string AssigneeLanguage, string? LeaderId = null, string? LeaderLanguage = null);

    /// <summary>"Problem:17:2026-12-01": the problem and the deadline it missed.</summary>
    public static string PeriodKey(int problemId, DateOnly dueOn) =>
        string.Create(CultureInfo.InvariantCulture, $"Problem:{problemId}:{ZoneDates.Show(dueOn)}");

    /// <summary>
    /// Who an overdue problem escalates to, each once: the assigned person, the project's 包保 leader (its care assignment)
    /// and the managers.
    /// </summary>
    public static IEnumerable<(string Id, string Language)> EscalateTo(OverdueProblem problem, IReadOnlyList<Recipient> managers)
    {
        IEnumerable<(string Id, string Language)> everyone =
        [
            (problem.AssigneeId, problem.AssigneeLanguage),
            .. problem.LeaderId is { } leader ? [(leader, problem.LeaderLanguage ?? Catalogue.Chinese)] : Array.Empty<(string, string)>(),
            .. managers.Select(m => (m.Id, m.Language)),
        ];
        return everyone.DistinctBy(r => r.Id);
    }

    public async Task<int> RunAsync(DateOnly? on, CancellationToken ct)
    {
        var today = on ?? time.ZoneToday();
        var overdue = await (
            from p in db.Problems.AsNoTracking().Where(ProblemDeadline.IsOverdue(today))
            join d in db.Deals on p.DealId equals d.Id
            join dep in db.Departments on p.DepartmentCode equals dep.Code
            join u in db.Users on p.AssigneeId equals u.Id
            from care in db.CareAssignments.Where(c => c.DealId == p.DealId).DefaultIfEmpty()
            from leader in db.Users.Where(l => care != null && l.Id == care.LeaderId).DefaultIfEmpty()
            orderby p.Id
            select new OverdueProblem(p.Id, p.DealId, d.Title, p.Kind, p.DueOn, dep.Name, dep.NameEn, p.AssigneeId, u.Language,
                leader == null ? null : leader.Id, leader == null ? null : leader.Language)).ToListAsync(ct);
        var managers = await recipients.ManagersAsync(ct);

        var drafts = new List<NotificationDraft>();
        foreach (var p in overdue)
        {
            var key = PeriodKey(p.Id, p.DueOn);
            foreach (var (id, language) in EscalateTo(p, managers))
            {
                var words = Catalogue.CultureOf(language);
                var department = Catalogue.NameIn(words, p.DepartmentName, p.DepartmentNameEn);
                drafts.Add(new(id, NotificationKind.ProblemOverdue, p.DealId, key,
                    Catalogue.Text("Notice.ProblemOverdue.Title", words, p.DealTitle, p.Kind),
                    Catalogue.Text("Notice.ProblemOverdue.Body", words, p.DealTitle, p.Kind, department, p.DueOn, today.DayNumber - p.DueOn.DayNumber)));
            }
        }
        var created = await writer.AddAsync(drafts, ct);
        await runs.CoveredAsync(JobNames.ProblemWatch, today, ct);
        return created;
    }
}
