using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Jobs;

public sealed class FollowUpReminderJobTests
{
    [Test]
    public async Task Owners_hear_of_due_and_overdue_follow_ups_and_managers_of_those_late_more_than_three_days()
    {
        using var world = new JobWorld();
        var today = world.Today;
        var zh = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var en = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian, "en");
        var managerZh = await world.UserAsync(Roles.Manager);
        var managerEn = await world.UserAsync(Roles.Manager, language: "en");

        var dueToday = await world.DealAsync(zh, "康师傅饮料", d => d.NextFollowUpOn = today);
        var dueTomorrow = await world.DealAsync(en, "Cargill Oils", d => d.NextFollowUpOn = today.AddDays(1));
        await world.DealAsync(zh, "后天项目", d => d.NextFollowUpOn = today.AddDays(2));
        var lateTwo = await world.DealAsync(en, "Nestle Dairy", d => d.NextFollowUpOn = today.AddDays(-2));
        var lateFive = await world.DealAsync(zh, "李锦记调味品", d => d.NextFollowUpOn = today.AddDays(-5));
        var dormant = await world.DealAsync(zh, "搁置项目", d => d.NextFollowUpOn = today);
        await world.App.WithDbAsync(async db =>
        {
            var deal = await db.Deals.FindAsync(dormant.Id);
            deal!.ChangeStatus(new StatusChange { Status = DealStatus.Dormant, EffectiveOn = today }, CurrentUser.System, today, world.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });

        var created = await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));

        var toZh = await world.NotificationsAsync(zh.Id);
        Assert.Multiple(() =>
        {
            Assert.That(toZh.Select(n => (n.Kind, n.DealId)), Is.EquivalentTo(new[]
            {
                (NotificationKind.FollowUpDue, dueToday.Id), (NotificationKind.FollowUpOverdue, lateFive.Id),
            }));
            Assert.That(toZh.Single(n => n.DealId == dueToday.Id).Body, Does.Contain("今天").And.Contain("康师傅饮料"));
            Assert.That(toZh.Single(n => n.DealId == lateFive.Id).Title, Does.StartWith("跟进已逾期"));
            Assert.That(toZh.All(n => n.PeriodKey == "2026-11-30" && n.EmailStatus == EmailStatus.Pending));
        });
        var toEn = await world.NotificationsAsync(en.Id);
        Assert.Multiple(() =>
        {
            Assert.That(toEn.Select(n => (n.Kind, n.DealId)), Is.EquivalentTo(new[]
            {
                (NotificationKind.FollowUpDue, dueTomorrow.Id), (NotificationKind.FollowUpOverdue, lateTwo.Id),
            }));
            Assert.That(toEn.Single(n => n.DealId == dueTomorrow.Id).Body, Does.Contain("due tomorrow (2026-12-01)"));
            Assert.That(toEn.Single(n => n.DealId == lateTwo.Id).Title, Is.EqualTo("Follow-up overdue: Nestle Dairy"));
        });
        // Escalation: only the deal more than 3 days late, to every manager, in their language, keyed by the missed date.
        var toManagers = (await world.NotificationsAsync()).Where(n => n.RecipientId == managerZh.Id || n.RecipientId == managerEn.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(toManagers, Has.Count.EqualTo(2));
            Assert.That(toManagers.All(n => n.Kind == NotificationKind.FollowUpEscalated && n.DealId == lateFive.Id && n.PeriodKey == "2026-11-25"));
            Assert.That(toManagers.Single(n => n.RecipientId == managerZh.Id).Title, Does.StartWith("跟进逾期超过3天"));
            Assert.That(toManagers.Single(n => n.RecipientId == managerEn.Id).Title, Does.StartWith("Follow-up overdue more than 3 days"));
            Assert.That(created, Is.EqualTo(6));
        });
    }

    [Test]
    public async Task A_follow_up_date_that_passed_while_no_job_ran_is_reported_as_overdue_on_the_next_run()
    {
        using var world = new JobWorld();
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing);
        // Due on Friday; the process was down over the weekend and through Monday's 08:30.
        var deal = await world.DealAsync(owner, "北京蓝宝", d => d.NextFollowUpOn = world.Today.AddDays(-3));
        world.Time.Advance(TimeSpan.FromHours(3));

        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));

        var sent = (await world.NotificationsAsync(owner.Id)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Kind, Is.EqualTo(NotificationKind.FollowUpOverdue));
            Assert.That(sent.DealId, Is.EqualTo(deal.Id));
            Assert.That(sent.Body, Does.Contain("2026-11-27"));
        });
    }

    [Test]
    public async Task Running_twice_and_twice_at_once_leaves_one_notification_each()
    {
        using var world = new JobWorld();
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await world.UserAsync(Roles.Manager);
        for (var i = 0; i < 30; i++)
        {
            await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today.AddDays(-(i % 6)));
        }

        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var first = (await world.NotificationsAsync()).Count;
        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)))));

        var all = await world.NotificationsAsync();
        Assert.Multiple(() =>
        {
            // 30 owner reminders + escalations of the 10 deals 4 or 5 days late to the one manager.
            Assert.That(first, Is.EqualTo(40));
            Assert.That(all, Has.Count.EqualTo(40));
            Assert.That(all.Select(n => (n.RecipientId, n.Kind, n.DealId, n.PeriodKey)).Distinct().Count(), Is.EqualTo(40));
        });
    }

    [Test]
    public async Task Two_runs_at_once_on_an_empty_table_store_each_notification_once()
    {
        using var world = new JobWorld();
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        for (var i = 0; i < 50; i++)
        {
            await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today);
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)))));

        var stored = await world.NotificationsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(counts.Sum(), Is.EqualTo(50), "between them the two runs created each notification once");
            Assert.That(stored, Has.Count.EqualTo(50));
        });
    }

    [Test]
    public async Task Five_thousand_due_follow_ups_become_five_thousand_reminders_in_one_run()
    {
        using var world = new JobWorld();
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var template = await world.DealAsync(owner);
        await world.App.WithDbAsync(async db =>
        {
            var now = world.Time.GetUtcNow().UtcDateTime;
            for (var i = 0; i < 5000; i++)
            {
                var (deal, created) = Deal.Create($"批量项目{i}", template.CompanyId, DeskCodes.Guangdong, owner.Id, world.Today.AddDays(-10), owner.Id, now);
                deal.NextFollowUpOn = world.Today.AddDays(-(i % 3));
                db.Deals.Add(deal);
                db.StageChanges.Add(created);
            }
            await db.SaveChangesAsync();
        });

        var created = await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var again = await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(created, Is.EqualTo(5000));
            Assert.That(again, Is.Zero);
            Assert.That(await world.App.WithDbAsync(db => db.Notifications.CountAsync(n => n.EmailStatus == EmailStatus.Pending)), Is.EqualTo(5000));
        });
    }
}
