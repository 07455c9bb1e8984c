using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;

namespace Crm.Tests.Jobs;

public sealed class MilestoneWatchJobTests
{
    [Test]
    public async Task Owner_and_managers_hear_of_planned_dates_passed_or_within_seven_days_without_the_stage()
    {
        using var world = new JobWorld();
        var today = world.Today;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, "en");
        var manager = await world.UserAsync(Roles.Manager);

        var startPassed = await world.DealAsync(owner, "Master Kong Tianjin", stage: DealStage.Signed,
            plannedStart: today.AddDays(-2), plannedProduction: today.AddDays(200));
        var productionSoon = await world.DealAsync(owner, "Lee Kum Kee Sauces", stage: DealStage.Started,
            plannedStart: today.AddDays(-100), plannedProduction: today.AddDays(5));
        await world.DealAsync(owner, "Far away", stage: DealStage.Signed, plannedStart: today.AddDays(10), plannedProduction: today.AddDays(20));
        await world.DealAsync(owner, "Already producing", stage: DealStage.Producing,
            plannedStart: today.AddDays(-100), plannedProduction: today.AddDays(-10));

        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None));

        var toOwner = await world.NotificationsAsync(owner.Id);
        var toManager = await world.NotificationsAsync(manager.Id);
        Assert.Multiple(() =>
        {
            Assert.That(toOwner.Select(n => (n.Kind, n.DealId, n.PeriodKey)), Is.EquivalentTo(new[]
            {
                (NotificationKind.MilestonePassed, startPassed.Id, "Started:2026-11-28"),
                (NotificationKind.MilestoneDue, productionSoon.Id, "Producing:2026-12-05"),
            }));
            Assert.That(toOwner.Single(n => n.DealId == startPassed.Id).Body, Does.Contain("planned Started on 2026-11-28"));
            Assert.That(toManager.Select(n => (n.Kind, n.DealId)), Is.EquivalentTo(toOwner.Select(n => (n.Kind, n.DealId))));
            Assert.That(toManager.Single(n => n.DealId == startPassed.Id).Title, Does.Contain("已超过开工日期"));
            Assert.That(toManager.Single(n => n.DealId == productionSoon.Id).Body, Does.Contain("投产日期为 2026-12-05"));
        });
    }

    [Test]
    public async Task A_re_planned_date_is_reported_again()
    {
        using var world = new JobWorld();
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var deal = await world.DealAsync(owner, stage: DealStage.Signed, plannedStart: world.Today.AddDays(3), plannedProduction: world.Today.AddDays(300));
        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.App.WithDbAsync(async db =>
        {
            (await db.Deals.FindAsync(deal.Id))!.PlannedStartOn = world.Today.AddDays(6);
            await db.SaveChangesAsync();
        });

        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None));

        Assert.That((await world.NotificationsAsync(owner.Id)).Select(n => n.PeriodKey),
            Is.EquivalentTo(new[] { "Started:2026-12-03", "Started:2026-12-06" }));
    }
}

public sealed class DailyDigestJobTests
{
    [Test]
    public async Task Each_recruiter_gets_what_changed_on_their_deals_today_and_what_is_due_tomorrow()
    {
        // 18:00 in Asia/Shanghai.
        using var world = new JobWorld(now: JobWorld.MondayMorning.AddHours(9.5));
        var today = world.Today;
        var zh = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var en = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing, "en");
        var idle = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);

        var earlier = world.Time.GetUtcNow().UtcDateTime.AddDays(-3);
        var moved = await world.DealAsync(zh, "统全食品", stage: DealStage.Contacted, recordedAt: world.Time.GetUtcNow().UtcDateTime);
        var visited = await world.DealAsync(zh, "周氏蜂蜜", recordedAt: earlier);
        await world.AddActivityAsync(visited, zh, "厂区考察");
        var edited = await world.DealAsync(en, "Bede Foods", d => d.NextFollowUpOn = today.AddDays(1), recordedAt: earlier);
        await world.App.WithDbAsync(async db =>
        {
            db.AuditLog.Add(Crm.Domain.Auditing.AuditEntry.Of(en.Id, nameof(Deal), edited.Id, "Update", "a", "b", world.Time.GetUtcNow().UtcDateTime));
            db.AuditLog.Add(Crm.Domain.Auditing.AuditEntry.Of(en.Id, nameof(Deal), edited.Id, "Update", "b", "c", earlier));
            await db.SaveChangesAsync();
        });
        await world.DealAsync(en, "Quiet deal", d => d.NextFollowUpOn = today.AddDays(2), recordedAt: earlier);
        await world.DealAsync(idle, "老项目", recordedAt: earlier);

        await world.RunAsync<DailyDigestJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<DailyDigestJob>(j => j.RunAsync(null, CancellationToken.None));

        var toZh = (await world.NotificationsAsync(zh.Id)).Single();
        var toEn = (await world.NotificationsAsync(en.Id)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(toZh.Kind, Is.EqualTo(NotificationKind.DailyDigest));
            Assert.That(toZh.PeriodKey, Is.EqualTo("2026-11-30"));
            Assert.That(toZh.Title, Is.EqualTo("日报告 2026-11-30"));
            Assert.That(toZh.Body, Does.Contain("统全食品：线索 → 接洽").And.Contain("周氏蜂蜜：跟进记录「厂区考察」"));
            Assert.That(toEn.Title, Is.EqualTo("Daily digest 2026-11-30"));
            Assert.That(toEn.Body, Does.Contain("- Bede Foods: details updated"));
            Assert.That(toEn.Body, Does.Contain("Due tomorrow (2026-12-01):").And.Contain("- Bede Foods").And.Not.Contain("Quiet deal"));
            Assert.That(await world.NotificationsAsync(idle.Id), Is.Empty, "nothing to say, no digest");
        });
        Assert.That(moved.Stage, Is.EqualTo(DealStage.Contacted));
    }
}

public sealed class WeeklyInspectionJobTests
{
    [Test]
    public async Task Managers_get_per_desk_stale_deals_slipped_milestones_and_overdue_follow_ups_once_a_week()
    {
        using var world = new JobWorld();
        var today = world.Today;
        var gd = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var fj = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var zh = await world.UserAsync(Roles.Manager);
        var en = await world.UserAsync(Roles.Manager, language: "en");
        var recruiterSeesNothing = gd;

        await world.DealAsync(gd, leadOn: today.AddDays(-40));
        await world.DealAsync(gd, leadOn: today.AddDays(-40), configure: d => d.LastActivityOn = today.AddDays(-31));
        await world.DealAsync(gd, leadOn: today.AddDays(-40), configure: d => d.LastActivityOn = today.AddDays(-2));
        await world.DealAsync(fj, leadOn: today.AddDays(-5), configure: d => d.NextFollowUpOn = today.AddDays(-1));
        await world.DealAsync(fj, leadOn: today.AddDays(-5), stage: DealStage.Signed, plannedStart: today.AddDays(-1), plannedProduction: today.AddDays(100));

        await world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(null, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(2));
        await world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(null, CancellationToken.None));

        var toZh = (await world.NotificationsAsync(zh.Id)).Single();
        var toEn = (await world.NotificationsAsync(en.Id)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(toZh.PeriodKey, Is.EqualTo("2026-W49"));
            Assert.That(toZh.Title, Is.EqualTo("周巡查 2026-W49"));
            Assert.That(toZh.Body, Does.Contain("停滞项目（30天无跟进）2 个，逾期节点 0 个，逾期跟进 0 个"));
            Assert.That(toEn.Body, Does.Contain("stale deals (no activity for 30 days) 0, slipped milestones 1, overdue follow-ups 1"));
            Assert.That(await world.NotificationsAsync(recruiterSeesNothing.Id), Is.Empty);
        });
    }
}
