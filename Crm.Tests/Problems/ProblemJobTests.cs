using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Problems;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Problems;

/// <summary>Builders that put departments and problems straight into a job world's database.</summary>
internal static class ProblemWorld
{
    public static Task DepartmentsAsync(this JobWorld world, params (string Code, string Name, string NameEn, bool Active)[] departments) =>
        world.App.WithDbAsync(async db =>
        {
            var order = 0;
            db.Departments.AddRange(departments.Select(d => new Department { Code = d.Code, Name = d.Name, NameEn = d.NameEn, SortOrder = ++order, IsActive = d.Active }));
            await db.SaveChangesAsync();
        });

    public static Task<Problem> ProblemAsync(this JobWorld world, Deal deal, TestUser assignee, string department, DateOnly dueOn, DateOnly? closedOn = null,
        ProblemKind kind = ProblemKind.Power) =>
        world.App.WithDbAsync(async db =>
        {
            var problem = new Problem
            {
                DealId = deal.Id,
                Kind = kind,
                Description = TestData.Unique("问题"),
                LoggedOn = dueOn.AddDays(-20),
                LoggedById = deal.OwnerId,
                DepartmentCode = department,
                AssigneeId = assignee.Id,
                DueOn = dueOn,
                CreatedAt = world.Time.GetUtcNow().UtcDateTime,
                UpdatedAt = world.Time.GetUtcNow().UtcDateTime,
            };
            if (closedOn is { } on)
            {
                problem.Close("已解决", on, assignee.Id);
            }
            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            return problem;
        });
}

public sealed class ProblemFigureTests
{
    [Test]
    public async Task Each_department_counts_its_problems_by_state_and_the_list_filters_by_department_and_state()
    {
        // Monday 2026-11-30.
        using var world = new JobWorld();
        var today = world.Today;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var officer = await world.UserAsync(Roles.Recruiter, DeskCodes.ZoneOffice);
        await world.DepartmentsAsync(("POWER", "供电公司", "Power company", true), ("LAND", "国土分局", "Land bureau", true), ("OLD", "旧部门", "Old", false),
            ("IDLE", "闲置部门", "Idle", false));
        var deal = await world.DealAsync(owner, stage: DealStage.Signed);

        // POWER: open (due today, due next week), overdue (due yesterday), closed in time (on its deadline), closed late (a day after).
        await world.ProblemAsync(deal, officer, "POWER", today);
        await world.ProblemAsync(deal, officer, "POWER", today.AddDays(7));
        await world.ProblemAsync(deal, officer, "POWER", today.AddDays(-1));
        await world.ProblemAsync(deal, officer, "POWER", today.AddDays(-5), closedOn: today.AddDays(-5));
        await world.ProblemAsync(deal, officer, "POWER", today.AddDays(-5), closedOn: today.AddDays(-4));
        // LAND: two overdue, one closed in time before its deadline.
        await world.ProblemAsync(deal, officer, "LAND", today.AddDays(-10), kind: ProblemKind.Land);
        await world.ProblemAsync(deal, officer, "LAND", today.AddDays(-2), kind: ProblemKind.Land);
        await world.ProblemAsync(deal, officer, "LAND", today.AddDays(3), closedOn: today.AddDays(-1), kind: ProblemKind.Land);
        // OLD is inactive but still names a problem; IDLE is inactive with none and is left out.
        await world.ProblemAsync(deal, officer, "OLD", today.AddDays(-30), closedOn: today.AddDays(-31));

        await using var scope = world.App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ProblemService>();
        var figures = await service.FiguresAsync(CancellationToken.None);
        var manager = new CurrentUser("m", new HashSet<string> { Roles.Manager }, null);
        var landOverdue = await service.ListAsync(manager, new ProblemFilter("LAND", ProblemState.Overdue), CancellationToken.None);
        var powerAll = await service.ListAsync(manager, new ProblemFilter("POWER"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(figures.Select(f => (f.DepartmentCode, f.Open, f.Overdue, f.ClosedInTime, f.ClosedLate)), Is.EqualTo(new[]
            {
                ("POWER", 2, 1, 1, 1),
                ("LAND", 0, 2, 1, 0),
                ("OLD", 0, 0, 1, 0),
            }));
            Assert.That(landOverdue.Select(p => p.DueOn), Is.EqualTo(new[] { today.AddDays(-10), today.AddDays(-2) }));
            Assert.That(landOverdue.Select(p => p.State), Is.All.EqualTo(ProblemState.Overdue));
            // Open ones first, by deadline; then the closed.
            Assert.That(powerAll.Select(p => p.State), Is.EqualTo(new[]
            {
                ProblemState.Overdue, ProblemState.Open, ProblemState.Open, ProblemState.ClosedInTime, ProblemState.ClosedLate,
            }));
        });
    }
}

public sealed class ProblemWatchJobTests
{
    [Test]
    public async Task An_overdue_problem_escalates_once_to_the_assigned_person_and_the_managers_and_again_when_its_moved_deadline_passes()
    {
        using var world = new JobWorld();
        var today = world.Today;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var assignee = await world.UserAsync(Roles.Recruiter, DeskCodes.ZoneOffice, "en");
        var manager = await world.UserAsync(Roles.Manager);
        await world.DepartmentsAsync(("POWER", "供电公司", "Power company", true));
        var deal = await world.DealAsync(owner, "Tongquan Foods", stage: DealStage.Started);
        // The project's 包保 leader (here a zone-office user who is not a manager) is told too, once.
        var leader = await world.UserAsync(Roles.Recruiter, DeskCodes.ZoneOffice);
        await world.App.WithDbAsync(async db =>
        {
            db.CareAssignments.Add(new Crm.Domain.Care.CareAssignment
            {
                DealId = deal.Id,
                LeaderId = leader.Id,
                OfficerId = assignee.Id,
                AssignedOn = today.AddDays(-30),
                CreatedAt = world.Time.GetUtcNow().UtcDateTime,
                UpdatedAt = world.Time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        });
        var overdue = await world.ProblemAsync(deal, assignee, "POWER", today.AddDays(-2));
        await world.ProblemAsync(deal, assignee, "POWER", today);
        await world.ProblemAsync(deal, assignee, "POWER", today.AddDays(-9), closedOn: today.AddDays(-3));

        var first = await world.RunAsync<ProblemWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        var second = await world.RunAsync<ProblemWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        var toAssignee = await world.NotificationsAsync(assignee.Id);
        var toManager = await world.NotificationsAsync(manager.Id);
        var toLeader = await world.NotificationsAsync(leader.Id);
        var key = $"Problem:{overdue.Id}:{ZoneDatesShow(today.AddDays(-2))}";

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((3, 0)), "the assigned person, the 包保 leader and the manager");
            Assert.That(toAssignee.Select(n => (n.Kind, n.DealId, n.PeriodKey)), Is.EqualTo(new[] { (NotificationKind.ProblemOverdue, deal.Id, key) }));
            Assert.That(toManager.Select(n => (n.Kind, n.DealId, n.PeriodKey)), Is.EqualTo(new[] { (NotificationKind.ProblemOverdue, deal.Id, key) }));
            Assert.That(toLeader.Select(n => (n.Kind, n.DealId, n.PeriodKey)), Is.EqualTo(new[] { (NotificationKind.ProblemOverdue, deal.Id, key) }));
            Assert.That(toAssignee.Single().Body, Does.Contain("Power company").And.Contain("2026-11-28").And.Contain("2 days overdue"));
            Assert.That(toManager.Single().Body, Does.Contain("供电公司").And.Contain("用电"));
        });

        // The deadline is moved to tomorrow: nothing until it passes, then once more.
        await world.App.WithDbAsync(db => db.Problems.Where(p => p.Id == overdue.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.DueOn, today.AddDays(1))));
        var beforeNewDeadline = await world.RunAsync<ProblemWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.RunAsync<ProblemWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<ProblemWatchJob>(j => j.RunAsync(null, CancellationToken.None));

        var again = (await world.NotificationsAsync(assignee.Id)).Where(n => n.Kind == NotificationKind.ProblemOverdue && n.DealId == deal.Id)
            .Select(n => n.PeriodKey).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(beforeNewDeadline, Is.EqualTo(0));
            Assert.That(again, Does.Contain(key).And.Contain($"Problem:{overdue.Id}:{ZoneDatesShow(today.AddDays(1))}"));
            Assert.That(again.Count(k => k.StartsWith($"Problem:{overdue.Id}:", StringComparison.Ordinal)), Is.EqualTo(2));
        });
    }

    private static string ZoneDatesShow(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class TenDayDepartmentRankingTests
{
    /// <summary>Friday 2026-12-11 09:00 in Asia/Shanghai: the run covers the problems due 1–10 December.</summary>
    private static readonly DateTimeOffset Eleventh = new(2026, 12, 11, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Managers_read_the_departments_ranked_by_closure_rate_of_the_problems_due_in_the_ten_days_just_ended()
    {
        using var world = new JobWorld(now: Eleventh);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var officer = await world.UserAsync(Roles.Recruiter, DeskCodes.ZoneOffice);
        var manager = await world.UserAsync(Roles.Manager, language: "en");
        await world.DepartmentsAsync(("LAND", "国土分局", "Land bureau", true), ("POWER", "供电公司", "Power company", true),
            ("WATER", "水务公司", "Water company", true));
        var deal = await world.DealAsync(owner, stage: DealStage.Signed);
        static DateOnly Dec(int day) => new(2026, 12, day);

        // LAND: 3 due in 1–10 Dec; closed in time on 5 Dec (due 5th), closed late (due 2nd, closed 4th), still open (due 8th): 1 of 3.
        await world.ProblemAsync(deal, officer, "LAND", Dec(5), closedOn: Dec(5));
        await world.ProblemAsync(deal, officer, "LAND", Dec(2), closedOn: Dec(4));
        await world.ProblemAsync(deal, officer, "LAND", Dec(8));
        // POWER: 2 due, both in time: 2 of 2. Its problem due on 11 Dec belongs to the next period.
        await world.ProblemAsync(deal, officer, "POWER", Dec(1), closedOn: Dec(1));
        await world.ProblemAsync(deal, officer, "POWER", Dec(10), closedOn: Dec(9));
        await world.ProblemAsync(deal, officer, "POWER", Dec(11));
        // WATER: nothing due in the period (one due 30 Nov, before it).
        await world.ProblemAsync(deal, officer, "WATER", new DateOnly(2026, 11, 30), closedOn: Dec(1));

        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));

        var body = (await world.NotificationsAsync(manager.Id)).Single(n => n.Kind == NotificationKind.TenDayAssessment).Body;
        var section = body[body.IndexOf("Departments by problems closed in time", StringComparison.Ordinal)..];
        Assert.That(section.Split('\n').Select(l => l.Trim()), Is.EqualTo(new[]
        {
            "Departments by problems closed in time (problems due 2026-12-01 to 2026-12-10):",
            "1. Power company: 2 of 2 closed in time, 100.0%",
            "2. Land bureau: 1 of 3 closed in time, 33.3%",
            "—. Water company: 0 of 0 closed in time, —",
        }));
    }
}
