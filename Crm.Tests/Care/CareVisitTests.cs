using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Activities;
using Crm.Domain.Care;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Plans;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Care;

/// <summary>包保 visits (docs/decisions/0024-project-care-and-scale.md). Today is Monday 2026-11-30 (JobWorld).</summary>
public sealed class CareVisitTests
{
    private static Task AssignAsync(JobWorld world, Deal deal, TestUser leader, TestUser officer, DateOnly on, int interval) =>
        world.App.WithDbAsync(async db =>
        {
            db.CareAssignments.Add(new CareAssignment
            {
                DealId = deal.Id,
                LeaderId = leader.Id,
                OfficerId = officer.Id,
                IntervalDays = interval,
                AssignedOn = on,
                CreatedAt = world.Time.UtcNow(),
                UpdatedAt = world.Time.UtcNow(),
            });
            await db.SaveChangesAsync();
        });

    private static Task LogAsync(JobWorld world, Deal deal, TestUser by, ActivityType type, DateOnly on) =>
        world.App.WithDbAsync(async db =>
        {
            db.Activities.Add(new Activity { DealId = deal.Id, Type = type, OccurredOn = on, Summary = "走访", ById = by.Id, RecordedAt = world.Time.UtcNow() });
            await db.SaveChangesAsync();
        });

    [Test]
    public async Task Next_visit_is_due_an_interval_after_the_last_visit_or_the_assignment_whichever_is_later()
    {
        using var world = new JobWorld();
        var d = new DateOnly(2026, 11, 1);
        var manager = await world.UserAsync(Roles.Manager);
        var officer = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var a = await world.DealAsync(officer, "A", stage: DealStage.Signed);
        var b = await world.DealAsync(officer, "B", stage: DealStage.Started);
        var c = await world.DealAsync(officer, "C", stage: DealStage.Signed);
        var dd = await world.DealAsync(officer, "D", stage: DealStage.Producing);
        var e = await world.DealAsync(officer, "E", stage: DealStage.Contacted);
        var f = await world.DealAsync(officer, "F", stage: DealStage.Signed);
        // A: assigned 11-20, every 7 days, never visited: due 11-27, overdue on 11-30.
        await AssignAsync(world, a, manager, officer, d.AddDays(19), 7);
        // B: visited 11-25: due 12-02.
        await AssignAsync(world, b, manager, officer, d.AddDays(9), 7);
        await LogAsync(world, b, officer, ActivityType.Visit, d.AddDays(24));
        // C: a visit before the officer took it (11-01) does not count; assigned 11-25: due 12-02.
        await AssignAsync(world, c, manager, officer, d.AddDays(24), 7);
        await LogAsync(world, c, officer, ActivityType.Visit, d);
        // D: a call is not a visit; assigned 11-01 every 28 days: due 11-29, overdue.
        await AssignAsync(world, dd, manager, officer, d, 28);
        await LogAsync(world, dd, officer, ActivityType.Call, d.AddDays(28));
        // E: not signed, not cared for.
        await AssignAsync(world, e, manager, officer, d, 1);
        // F: due today (11-23 + 7): a visit today is still in time.
        await AssignAsync(world, f, manager, officer, d.AddDays(22), 7);

        var rows = await world.App.WithDbAsync(db => CareVisits.Rows(db).OrderBy(r => r.Title).ToListAsync());
        var overdue = await world.App.WithDbAsync(db => CareVisits.Rows(db).OverdueOn(world.Today).Select(r => r.Title).OrderBy(t => t).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.Title, r.DueOn)), Is.EqualTo(new[]
            {
                ("A", new DateOnly(2026, 11, 27)), ("B", new DateOnly(2026, 12, 2)), ("C", new DateOnly(2026, 12, 2)),
                ("D", new DateOnly(2026, 11, 29)), ("F", new DateOnly(2026, 11, 30)),
            }));
            Assert.That(rows.Single(r => r.Title == "C").LastVisitOn, Is.EqualTo(d));
            Assert.That(rows.Single(r => r.Title == "D").LastVisitOn, Is.Null);
            Assert.That(overdue, Is.EqualTo(new[] { "A", "D" }));
        });
    }

    [Test]
    public async Task The_officer_is_reminded_once_per_due_date_and_again_when_a_moved_due_date_passes()
    {
        using var world = new JobWorld();
        var manager = await world.UserAsync(Roles.Manager);
        var officer = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await world.DealAsync(owner, "冷链项目", stage: DealStage.Signed);
        await AssignAsync(world, deal, manager, officer, new DateOnly(2026, 11, 20), 7);

        await world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None));
        var first = await world.NotificationsAsync(officer.Id);

        // The officer visits today (11-30): due 12-07; nothing on 12-07 itself, a new reminder on 12-08.
        await LogAsync(world, deal, officer, ActivityType.Visit, world.Today);
        await world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None));
        var afterVisit = await world.NotificationsAsync(officer.Id);
        world.Time.Advance(TimeSpan.FromDays(7));
        await world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None));
        var onDueDay = await world.NotificationsAsync(officer.Id);
        world.Time.Advance(TimeSpan.FromDays(1));
        await world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None));
        var later = await world.NotificationsAsync(officer.Id);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Select(n => (n.Kind, n.DealId, n.PeriodKey)),
                Is.EqualTo(new[] { (NotificationKind.CareVisitOverdue, deal.Id, "Visit:2026-11-27") }));
            Assert.That(first[0].Title, Is.EqualTo("走访逾期：冷链项目"));
            Assert.That(afterVisit, Has.Count.EqualTo(1));
            Assert.That(onDueDay, Has.Count.EqualTo(1));
            Assert.That(later.Select(n => n.PeriodKey), Is.EqualTo(new[] { "Visit:2026-11-27", "Visit:2026-12-07" }));
            Assert.That(await world.NotificationsAsync(owner.Id), Is.Empty, "only the officer");
        });
    }

    [Test]
    public async Task The_weekly_inspection_counts_unvisited_projects_per_desk_and_lists_them()
    {
        using var world = new JobWorld();
        var manager = await world.UserAsync(Roles.Manager);
        var gd = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, name: "陈专员");
        var fj = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var late1 = await world.DealAsync(gd, "广东逾期一", stage: DealStage.Signed);
        var late2 = await world.DealAsync(gd, "广东逾期二", stage: DealStage.Started);
        var visited = await world.DealAsync(fj, "福建已走访", stage: DealStage.Signed);
        await AssignAsync(world, late1, manager, gd, new DateOnly(2026, 11, 1), 7);
        await AssignAsync(world, late2, manager, gd, new DateOnly(2026, 11, 2), 14);
        await AssignAsync(world, visited, manager, fj, new DateOnly(2026, 11, 1), 7);
        await LogAsync(world, visited, fj, ActivityType.Visit, new DateOnly(2026, 11, 28));

        await world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(null, CancellationToken.None));

        var body = (await world.NotificationsAsync(manager.Id)).Single().Body;
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Match("广东[^\n]*包保走访逾期 2 个"));
            Assert.That(body, Does.Match("福建[^\n]*包保走访逾期 0 个"));
            Assert.That(body, Does.Contain("- 广东逾期一：帮办专员 陈专员，应于 2026-11-08 前走访"));
            Assert.That(body, Does.Contain("- 广东逾期二：帮办专员 陈专员，应于 2026-11-16 前走访"));
            Assert.That(body, Does.Not.Contain("福建已走访"));
        });
    }

    [Test]
    public async Task Leader_and_officer_of_another_desk_see_and_update_their_project_and_a_stranger_recruiter_gets_404()
    {
        using var world = new JobWorld();
        var manager = await world.UserAsync(Roles.Manager);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var officer = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var leader = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing);
        var stranger = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var deal = await world.DealAsync(owner, "包保范围项目", stage: DealStage.Signed);
        var managerClient = await world.App.ClientForAsync(manager);
        var put = await managerClient.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/care",
            new CareInput { LeaderId = leader.Id, OfficerId = officer.Id, IntervalDays = 10 }, CrmApp.Json);
        await put.EnsureSuccessAsync();

        var officerClient = await world.App.ClientForAsync(officer);
        var leaderClient = await world.App.ClientForAsync(leader);
        var strangerClient = await world.App.ClientForAsync(stranger);
        var visit = new ActivityInput { Type = ActivityType.Visit, OccurredOn = world.Today, Summary = "现场走访" };
        var officerVisit = await officerClient.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities", visit, CrmApp.Json);
        var care = await (await officerClient.GetAsync($"/api/v1/deals/{deal.Id}/care")).ReadAsync<CareResponse>();
        var officerList = await (await officerClient.GetAsync("/api/v1/deals?pageSize=100")).ReadAsync<JsonObject>();

        Assert.Multiple(async () =>
        {
            Assert.That(officerVisit.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await leaderClient.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await leaderClient.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities", visit, CrmApp.Json)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(officerList["items"]!.AsArray().Select(i => (int)i!["id"]!), Does.Contain(deal.Id));
            Assert.That((care.LastVisitOn, care.NextVisitDueOn, care.Overdue, care.IntervalDays), Is.EqualTo(((DateOnly?)world.Today, (DateOnly?)world.Today.AddDays(10), false, 10)));
            Assert.That((await strangerClient.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await strangerClient.GetAsync($"/api/v1/deals/{deal.Id}/care")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await strangerClient.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities", visit, CrmApp.Json)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            var strangerList = await (await strangerClient.GetAsync("/api/v1/deals?pageSize=100")).ReadAsync<JsonObject>();
            Assert.That(strangerList["items"]!.AsArray().Select(i => (int)i!["id"]!), Does.Not.Contain(deal.Id));
        });
    }

    [Test]
    public async Task Assigning_care_is_a_managers_validated_versioned_and_audited_change()
    {
        using var world = new JobWorld();
        var manager = await world.UserAsync(Roles.Manager);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var advisor = await world.UserAsync(Roles.Advisor);
        var signed = await world.DealAsync(owner, stage: DealStage.Signed);
        var lead = await world.DealAsync(owner);
        var client = await world.App.ClientForAsync(manager);
        var ownerClient = await world.App.ClientForAsync(owner);
        var url = $"/api/v1/deals/{signed.Id}/care";
        var good = new CareInput { LeaderId = manager.Id, OfficerId = owner.Id };

        var badInterval = await client.PutAsJsonAsync(url, good with { IntervalDays = 91 }, CrmApp.Json);
        var badOfficer = await client.PutAsJsonAsync(url, good with { OfficerId = advisor.Id }, CrmApp.Json);
        var notYours = await ownerClient.PutAsJsonAsync(url, good, CrmApp.Json);
        var notSigned = await client.PutAsJsonAsync($"/api/v1/deals/{lead.Id}/care", good, CrmApp.Json);
        var created = await (await client.PutAsJsonAsync(url, good, CrmApp.Json)).ReadAsync<CareResponse>();
        var again = await client.PutAsJsonAsync(url, good, CrmApp.Json);
        var updated = await (await client.PutAsJsonAsync(url, good with { IntervalDays = 14, Version = created.Version }, CrmApp.Json)).ReadAsync<CareResponse>();
        var stale = await client.PutAsJsonAsync(url, good with { IntervalDays = 30, Version = created.Version }, CrmApp.Json);
        var audit = await world.App.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(CareAssignment) && a.EntityId == signed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(a => a.Action).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(badInterval.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badInterval.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "intervalDays" }));
            Assert.That(badOfficer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await badOfficer.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "officerId" }));
            Assert.That(notYours.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(notSigned.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((created.Version, created.IntervalDays, created.AssignedOn, created.NextVisitDueOn),
                Is.EqualTo((1L, 7, (DateOnly?)world.Today, (DateOnly?)world.Today.AddDays(7))));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a first assignment that meets one already made");
            Assert.That((updated.Version, updated.IntervalDays), Is.EqualTo((2L, 14)));
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await stale.ReadAsync<CareResponse>()).IntervalDays, Is.EqualTo(14));
            Assert.That(audit, Is.EqualTo(new[] { "Create", "Update" }));
        });
    }
}

/// <summary>The year's plan's 规上 goal (docs/review-counting-rules.md, "New 规上 companies").</summary>
public sealed class ScaleCompanyPlanTests
{
    [Test]
    public async Task New_scale_companies_count_once_each_for_the_desk_of_their_first_signed_deal_in_the_year()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        using var app = new CrmApp(time);
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var (_, fj) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var year = 2026;

        async Task ScaleAsync(int companyId, DateOnly? on)
        {
            var company = await (await manager.GetAsync($"/api/v1/companies/{companyId}")).ReadAsync<CompanyResponse>();
            var put = await manager.PutAsJsonAsync($"/api/v1/companies/{companyId}/scale",
                new CompanyScaleInput { ScaleSince = on, Version = company.Version }, CrmApp.Json);
            await put.EnsureSuccessAsync();
        }

        // 1: GD, signed in 2025, 规上 since 2026-03-01: counts for GD.
        var one = await manager.SignedOnAsync(DeskCodes.Guangdong, "规上一", new DateOnly(2025, 6, 1));
        await ScaleAsync(one.CompanyId, new DateOnly(2026, 3, 1));
        // 2: 规上 since 2025-12-31: last year's.
        var two = await manager.SignedOnAsync(DeskCodes.Guangdong, "规上二", new DateOnly(2025, 6, 1));
        await ScaleAsync(two.CompanyId, new DateOnly(2025, 12, 31));
        // 3: GD first (Feb), a later FJ deal of the same company (May): counts once, for GD.
        var three = await manager.SignedOnAsync(DeskCodes.Guangdong, "规上三", new DateOnly(2026, 2, 1));
        var threeFj = await manager.CreateDealAsync(TestData.NewDeal(three.CompanyId, b => { b.Desk = DeskCodes.Fujian; b.LeadOn = new DateOnly(2026, 5, 1); }), confirm: true);
        await manager.MoveAsync(threeFj, DealStage.Signed, new DateOnly(2026, 5, 1), 100_000_000, new DateOnly(2026, 7, 1), new DateOnly(2027, 1, 1));
        await ScaleAsync(three.CompanyId, new DateOnly(2026, 6, 1));
        // 4: 规上 in the year but no signed deal: not counted.
        var four = await manager.CreateCompanyAsync();
        await manager.CreateDealAsync(TestData.NewDeal(four.Id, b => b.Desk = DeskCodes.Guangdong), confirm: true);
        await ScaleAsync(four.Id, new DateOnly(2026, 4, 1));
        // 5: FJ, set then cleared: not counted.
        var five = await manager.SignedOnAsync(DeskCodes.Fujian, "规上五", new DateOnly(2026, 1, 10));
        await ScaleAsync(five.CompanyId, new DateOnly(2026, 2, 1));
        await ScaleAsync(five.CompanyId, null);

        var zone = await (await manager.GetAsync($"/api/v1/plans/{year}")).ReadAsync<JsonObject>();
        var goal = zone["goals"]!.AsArray().Single(g => (string)g!["goal"]! == nameof(PlanGoal.NewScaleCompanies))!;
        var fjPlan = await (await fj.GetAsync($"/api/v1/plans/{year}")).ReadAsync<JsonObject>();
        var fjGoal = fjPlan["goals"]!.AsArray().Single(g => (string)g!["goal"]! == nameof(PlanGoal.NewScaleCompanies))!;
        var audit = await app.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .CountAsync(a => a.EntityType == nameof(Company) && a.EntityId == five.CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.Action == "Update"));

        Assert.Multiple(() =>
        {
            Assert.That((int)goal["actual"]!, Is.EqualTo(2));
            Assert.That((int)goal["byDesk"]![DeskCodes.Guangdong]!, Is.EqualTo(2));
            Assert.That((int)goal["byDesk"]![DeskCodes.Fujian]!, Is.EqualTo(0));
            Assert.That(goal["deals"]!.AsArray().Select(d => (int)d!["id"]!), Is.EqualTo(new[] { one.Id, three.Id }));
            Assert.That((int)fjGoal["actual"]!, Is.EqualTo(0));
            Assert.That(PlanSeed.GoalTargets[PlanGoal.NewScaleCompanies], Is.EqualTo(15));
            Assert.That(audit, Is.EqualTo(2), "set and cleared, each audited");
        });
    }
}
