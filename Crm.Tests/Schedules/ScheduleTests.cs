using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Schedules;

/// <summary>
/// A signed project's schedule through the API (docs/review-counting-rules.md, "The schedule"), worked by hand. Today is
/// 2026-06-15 (<see cref="TestClock"/>). The deal is signed on 03-01 with 开工 planned 05-01 and 投产 12-31.
/// </summary>
public sealed class ScheduleTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _advisor = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _advisor) = await _app.SignedInAsync(Roles.Advisor);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private async Task<DealResponse> SignedAsync()
    {
        var deal = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b =>
        {
            b.Desk = DeskCodes.Guangdong;
            b.LeadOn = D(1, 5);
        }), confirm: true);
        return await _gd.MoveAsync(deal, DealStage.Signed, D(3, 1), 300_000_000, D(5, 1), D(12, 31));
    }

    private static Task<HttpResponseMessage> SetAsync(HttpClient client, int dealId, MilestoneKind kind, MilestoneInput input) =>
        client.PutAsJsonAsync($"/api/v1/deals/{dealId}/schedule/{kind}", input, CrmApp.Json);

    private static async Task<DealSchedule> ReadAsync(HttpClient client, int dealId)
    {
        var response = await client.GetAsync($"/api/v1/deals/{dealId}/schedule");
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DealSchedule>();
    }

    private static MilestoneLine Line(DealSchedule s, MilestoneKind kind) => s.Milestones.Single(m => m.Kind == kind);

    [Test]
    public async Task A_signed_project_has_every_milestone_in_order_with_the_agreement_dates_as_the_plans_of_start_and_production()
    {
        var deal = await SignedAsync();
        var schedule = await ReadAsync(_gd, deal.Id);

        Assert.Multiple(() =>
        {
            Assert.That(schedule.Milestones.Select(m => m.Kind), Is.EqualTo(Enum.GetValues<MilestoneKind>()));
            Assert.That(schedule.SignedOn, Is.EqualTo(D(3, 1)));
            Assert.That(Line(schedule, MilestoneKind.Started).PlannedOn, Is.EqualTo(D(5, 1)));
            // 开工 was planned 05-01 and is not reached: 45 days so far, overdue.
            Assert.That(Line(schedule, MilestoneKind.Started).SlipDays, Is.EqualTo(45));
            Assert.That(Line(schedule, MilestoneKind.Started).Overdue, Is.True);
            Assert.That(Line(schedule, MilestoneKind.Producing).PlannedOn, Is.EqualTo(D(12, 31)));
            Assert.That(Line(schedule, MilestoneKind.Producing).SlipDays, Is.Null);
            Assert.That(Line(schedule, MilestoneKind.LandHandedOver).PlannedOn, Is.Null);
            Assert.That(schedule.NextMilestone, Is.EqualTo(MilestoneKind.LandHandedOver));
            Assert.That(schedule.MayEdit, Is.True);
        });
    }

    [Test]
    public async Task Milestones_are_dated_their_slip_is_counted_and_a_set_plan_moves_only_with_a_reason()
    {
        var deal = await SignedAsync();

        // 供地 planned 03-20, handed over 04-02: 13 days late. A first plan needs no reason.
        var land = await SetAsync(_gd, deal.Id, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(3, 20), ActualOn = D(4, 2) });
        await land.EnsureSuccessAsync();
        // 设计审批 planned 04-10, approved 04-05: 5 days early.
        await (await SetAsync(_gd, deal.Id, MilestoneKind.DesignApproved, new MilestoneInput { PlannedOn = D(4, 10), ActualOn = D(4, 5) })).EnsureSuccessAsync();

        // Moving the agreement's 开工 date without a reason is refused, naming the reason.
        var noReason = await SetAsync(_gd, deal.Id, MilestoneKind.Started, new MilestoneInput { PlannedOn = D(7, 1) });
        Assert.That(noReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await noReason.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "reason" }));

        var moved = await SetAsync(_gd, deal.Id, MilestoneKind.Started, new MilestoneInput { PlannedOn = D(7, 1), Reason = "供电线路迁改延期" });
        await moved.EnsureSuccessAsync();
        var schedule = await moved.ReadAsync<DealSchedule>();
        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));

        Assert.Multiple(() =>
        {
            Assert.That(Line(schedule, MilestoneKind.LandHandedOver).SlipDays, Is.EqualTo(13));
            Assert.That(Line(schedule, MilestoneKind.DesignApproved).SlipDays, Is.EqualTo(-5));
            Assert.That(Line(schedule, MilestoneKind.Started).PlannedOn, Is.EqualTo(D(7, 1)));
            Assert.That(Line(schedule, MilestoneKind.Started).Overdue, Is.False);
            Assert.That(stored.PlannedStartOn, Is.EqualTo(D(7, 1)), "the deal's own plan of 开工 is the schedule's");
            Assert.That(schedule.NextMilestone, Is.EqualTo(MilestoneKind.ConstructionPermit));
            Assert.That(schedule.Revisions, Has.Count.EqualTo(1));
            Assert.That(schedule.Revisions[0].Kind, Is.EqualTo(MilestoneKind.Started));
            Assert.That((schedule.Revisions[0].FromOn, schedule.Revisions[0].ToOn), Is.EqualTo((D(5, 1), D(7, 1))));
            Assert.That(schedule.Revisions[0].Reason, Is.EqualTo("供电线路迁改延期"));
        });

        // Moving 供地's plan needs a reason too, now that it has one.
        var landAgain = await SetAsync(_gd, deal.Id, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(3, 25), ActualOn = D(4, 2) });
        Assert.That(landAgain.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var audit = await _app.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(ProjectSchedule) && a.EntityId == deal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).CountAsync());
        Assert.That(audit, Is.EqualTo(3));
    }

    [Test]
    public async Task A_stage_is_dated_by_its_move_and_passes_the_milestones_before_it()
    {
        var deal = await SignedAsync();
        var started = await _gd.MoveAsync(deal, DealStage.Started, D(6, 1));

        var actual = await SetAsync(_gd, deal.Id, MilestoneKind.Started, new MilestoneInput { PlannedOn = D(5, 1), ActualOn = D(5, 20) });
        Assert.That(actual.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await actual.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "actualOn" }));

        var schedule = await ReadAsync(_gd, started.Id);
        Assert.Multiple(() =>
        {
            Assert.That(Line(schedule, MilestoneKind.Started).ActualOn, Is.EqualTo(D(6, 1)));
            Assert.That(Line(schedule, MilestoneKind.Started).SlipDays, Is.EqualTo(31));
            Assert.That(Line(schedule, MilestoneKind.LandHandedOver).Reached, Is.True, "a project that started has its land");
            Assert.That(Line(schedule, MilestoneKind.LandHandedOver).ActualOn, Is.Null);
            Assert.That(schedule.NextMilestone, Is.EqualTo(MilestoneKind.MainStructure));
        });
    }

    [Test]
    public async Task After_the_signing_the_deal_form_does_not_move_the_agreement_dates()
    {
        var deal = await SignedAsync();
        var input = Deals.DealApiTests.UpdateOf(deal) with { PlannedStartOn = D(8, 1) };
        var response = await _gd.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", input, CrmApp.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "plannedStartOn" }));
        var same = await _gd.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", Deals.DealApiTests.UpdateOf(deal) with { Notes = "其他字段照常修改" }, CrmApp.Json);
        await same.EnsureSuccessAsync();
    }

    [Test]
    public async Task Bad_input_and_other_desks_are_refused_and_nothing_is_written()
    {
        var deal = await SignedAsync();
        var future = await SetAsync(_gd, deal.Id, MilestoneKind.LandHandedOver, new MilestoneInput { ActualOn = D(6, 16) });
        var early = await SetAsync(_gd, deal.Id, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = new DateOnly(1999, 1, 1) });
        var outOfOrder = await SetAsync(_gd, deal.Id, MilestoneKind.Producing, new MilestoneInput { PlannedOn = D(4, 1), Reason = "提前" });
        var removed = await SetAsync(_gd, deal.Id, MilestoneKind.Started, new MilestoneInput { PlannedOn = null, Reason = "取消" });
        var otherDesk = await SetAsync(_fj, deal.Id, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(7, 1) });
        var otherDeskRead = await _fj.GetAsync($"/api/v1/deals/{deal.Id}/schedule");
        var advisor = await _advisor.GetAsync($"/api/v1/deals/{deal.Id}/schedule");
        var unknownKind = await _gd.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/schedule/Groundbreaking", new MilestoneInput(), CrmApp.Json);

        var unsigned = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b => b.Desk = DeskCodes.Guangdong), confirm: true);
        var notSigned = await _gd.GetAsync($"/api/v1/deals/{unsigned.Id}/schedule");
        var setNotSigned = await SetAsync(_gd, unsigned.Id, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(7, 1) });

        Assert.Multiple(() =>
        {
            Assert.That(future.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(outOfOrder.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(otherDesk.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherDeskRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(advisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unknownKind.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(notSigned.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(setNotSigned.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
        var rows = await _app.WithDbAsync(db => db.ProjectMilestones.CountAsync(m => m.DealId == deal.Id || m.DealId == unsigned.Id));
        Assert.That(rows, Is.Zero);
    }
}

/// <summary>The jobs read the whole schedule: the milestone watch and the weekly inspection (<see cref="ProjectSchedule"/>).</summary>
public sealed class ScheduleJobTests
{
    [Test]
    public async Task The_milestone_watch_reports_every_milestone_of_the_schedule_once()
    {
        using var world = new JobWorld();
        var today = world.Today;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, "en");
        var manager = await world.UserAsync(Roles.Manager);
        var deal = await world.DealAsync(owner, "Haitian Sauces", stage: DealStage.Signed, plannedStart: today.AddDays(60), plannedProduction: today.AddDays(300));
        var started = await world.DealAsync(owner, "Wahaha Drinks", stage: DealStage.Started, plannedStart: today.AddDays(-30), plannedProduction: today.AddDays(300));
        await world.App.WithDbAsync(async db =>
        {
            var now = world.Time.GetUtcNow().UtcDateTime;
            db.ProjectMilestones.AddRange(
                // Due within 7 days, not reached: reported.
                new ProjectMilestone { DealId = deal.Id, Kind = MilestoneKind.LandHandedOver, PlannedOn = today.AddDays(4), UpdatedAt = now },
                // Passed and not reached: reported.
                new ProjectMilestone { DealId = deal.Id, Kind = MilestoneKind.DesignApproved, PlannedOn = today.AddDays(-3), UpdatedAt = now },
                // Reached: silent.
                new ProjectMilestone { DealId = deal.Id, Kind = MilestoneKind.ConstructionPermit, PlannedOn = today.AddDays(-10), ActualOn = today.AddDays(-12), UpdatedAt = now },
                // Passed by a later stage (the project started): silent.
                new ProjectMilestone { DealId = started.Id, Kind = MilestoneKind.LandHandedOver, PlannedOn = today.AddDays(-50), UpdatedAt = now },
                // After the stage it precedes is not reached: reported for the started project.
                new ProjectMilestone { DealId = started.Id, Kind = MilestoneKind.MainStructure, PlannedOn = today.AddDays(2), UpdatedAt = now });
            await db.SaveChangesAsync();
        });

        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None));

        var toOwner = await world.NotificationsAsync(owner.Id);
        var toManager = await world.NotificationsAsync(manager.Id);
        Assert.Multiple(() =>
        {
            Assert.That(toOwner.Select(n => (n.Kind, n.DealId, n.PeriodKey)), Is.EquivalentTo(new[]
            {
                (NotificationKind.MilestoneDue, deal.Id, $"LandHandedOver:{Show(today.AddDays(4))}"),
                (NotificationKind.MilestonePassed, deal.Id, $"DesignApproved:{Show(today.AddDays(-3))}"),
                (NotificationKind.MilestoneDue, started.Id, $"MainStructure:{Show(today.AddDays(2))}"),
            }));
            Assert.That(toOwner.Single(n => n.PeriodKey.StartsWith("LandHandedOver", StringComparison.Ordinal)).Body, Does.Contain("plans Land handed over on"));
            Assert.That(toManager.Single(n => n.PeriodKey.StartsWith("DesignApproved", StringComparison.Ordinal)).Title, Does.Contain("已超过设计审批日期"));
            Assert.That(toManager, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task The_weekly_inspection_counts_a_project_behind_on_any_milestone_once()
    {
        using var world = new JobWorld();
        var today = world.Today;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian, "en");
        var manager = await world.UserAsync(Roles.Manager, language: "en");
        // Behind on two milestones of the schedule (not on the agreement's dates): counted once.
        var behind = await world.DealAsync(owner, stage: DealStage.Signed, plannedStart: today.AddDays(60), plannedProduction: today.AddDays(300));
        // Its only late milestone was reached: not counted.
        var onTime = await world.DealAsync(owner, stage: DealStage.Signed, plannedStart: today.AddDays(60), plannedProduction: today.AddDays(300));
        await world.App.WithDbAsync(async db =>
        {
            var now = world.Time.GetUtcNow().UtcDateTime;
            db.ProjectMilestones.AddRange(
                new ProjectMilestone { DealId = behind.Id, Kind = MilestoneKind.LandHandedOver, PlannedOn = today.AddDays(-20), UpdatedAt = now },
                new ProjectMilestone { DealId = behind.Id, Kind = MilestoneKind.DesignApproved, PlannedOn = today.AddDays(-5), UpdatedAt = now },
                new ProjectMilestone { DealId = onTime.Id, Kind = MilestoneKind.LandHandedOver, PlannedOn = today.AddDays(-20), ActualOn = today.AddDays(-25), UpdatedAt = now });
            await db.SaveChangesAsync();
        });

        await world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(null, CancellationToken.None));

        var inspections = await world.NotificationsAsync(manager.Id);
        Assert.That(inspections, Has.Count.EqualTo(1));
        Assert.That(inspections[0].Body, Does.Contain("Fujian").Or.Contain("福建"));
        var fujian = inspections[0].Body.Split('\n').Single(l => l.Contains("Fujian", StringComparison.Ordinal) || l.Contains("福建", StringComparison.Ordinal));
        Assert.That(fujian, Does.Contain("slipped milestones 1,"));
    }

    private static string Show(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
