using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using netDumbster.smtp;

namespace Crm.Tests.Jobs;

/// <summary>
/// The sweep is set-based: a bounded number of SQL commands whatever the number of due deals, nothing left
/// tracked, chunks that neither skip nor repeat a deal, opt-outs decided in SQL, and the outbox asked to run at once.
/// </summary>
public sealed class ReminderSweepShapeTests
{
    /// <summary>Commands for a sweep of up to <see cref="FollowUpReminderJob.ChunkSize"/> due deals: one read of the
    /// managers, the chunk reads, the inserts, the run's mark. Far below one per deal.</summary>
    private const int MaxCommands = 20;

    /// <summary>A job world whose host counts the SQL commands it sends.</summary>
    private static (JobWorld World, SqlCommandCounter Commands) Counted(IDictionary<string, string?>? settings = null)
    {
        var world = new JobWorld(settings, host: (time, all) =>
        {
            var app = new PageApp(time);
            foreach (var (key, value) in all)
            {
                app.Settings[key] = value;
            }
            return app;
        });
        return (world, ((PageApp)world.App).Commands);
    }

    /// <summary><paramref name="count"/> deals of <paramref name="owner"/> due on <paramref name="on"/>(i), in one save.</summary>
    private static Task DueDealsAsync(JobWorld world, TestUser owner, int count, Func<int, DateOnly> on) => world.App.WithDbAsync(async db =>
    {
        var company = (await world.DealAsync(owner)).CompanyId;
        var now = world.Time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < count; i++)
        {
            var (deal, created) = Deal.Create($"批量项目{i}", company, owner.Desk ?? DeskCodes.Guangdong, owner.Id, world.Today.AddDays(-30), owner.Id, now);
            deal.NextFollowUpOn = on(i);
            db.Deals.Add(deal);
            db.StageChanges.Add(created);
        }
        await db.SaveChangesAsync();
    });

    [TestCase(100)]
    [TestCase(1000)]
    public async Task A_sweep_sends_the_same_few_commands_for_100_or_1000_due_deals_and_leaves_nothing_tracked(int due)
    {
        var (world, commands) = Counted();
        using var _ = world;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await world.UserAsync(Roles.Manager);
        await world.UserAsync(Roles.Manager, language: "en");
        // A fifth are 5 days late: escalated to both managers.
        await DueDealsAsync(world, owner, due, i => world.Today.AddDays(i % 5 == 0 ? -5 : i % 2));

        commands.Reset();
        await using var scope = world.App.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<FollowUpReminderJob>().RunAsync(null, CancellationToken.None);
        var sent = commands.Count;
        var tracked = scope.ServiceProvider.GetRequiredService<CrmDbContext>().ChangeTracker.Entries().Count();

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(due + due / 5 * 2));
            Assert.That(sent, Is.LessThanOrEqualTo(MaxCommands), "set-based: no command per deal");
            Assert.That(tracked, Is.Zero, "nothing is tracked after the job");
        });
    }

    [Test]
    public async Task Other_jobs_store_their_notifications_without_tracking_them()
    {
        using var world = new JobWorld(now: JobWorld.MondayMorning.AddHours(9.5));
        var recruiter = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await world.UserAsync(Roles.Manager);
        await world.DealAsync(recruiter, stage: DealStage.Signed, plannedStart: world.Today.AddDays(-1));
        await world.DealAsync(recruiter, configure: d => d.NextFollowUpOn = world.Today.AddDays(1));

        await using var scope = world.App.Services.CreateAsyncScope();
        var milestones = await scope.ServiceProvider.GetRequiredService<MilestoneWatchJob>().RunAsync(null, CancellationToken.None);
        var digests = await scope.ServiceProvider.GetRequiredService<DailyDigestJob>().RunAsync(null, CancellationToken.None);
        var inspections = await scope.ServiceProvider.GetRequiredService<WeeklyInspectionJob>().RunAsync(null, CancellationToken.None);
        var tracked = scope.ServiceProvider.GetRequiredService<CrmDbContext>().ChangeTracker.Entries().Count();

        Assert.Multiple(() =>
        {
            Assert.That((milestones, digests, inspections), Is.EqualTo((2, 1, 1)));
            Assert.That(tracked, Is.Zero);
        });
    }

    [Test]
    public async Task Due_deals_across_chunk_boundaries_are_reminded_and_mailed_once_each_however_often_it_runs()
    {
        using var smtp = SimpleSmtpServer.Start();
        var (world, _) = Counted(new Dictionary<string, string?>
        {
            ["Email:Host"] = "localhost",
            ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SecureSocketOptions"] = "None",
        });
        using var _ = world;
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, "en");
        var manager = await world.UserAsync(Roles.Manager);
        // More than two chunks, most of them on one date, so chunk boundaries fall between deals due the same day.
        var due = 2 * FollowUpReminderJob.ChunkSize + 300;
        await DueDealsAsync(world, owner, due, i => world.Today.AddDays(i % 10 == 0 ? -4 : i % 3 == 0 ? 1 : 0));

        var first = await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var again = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)))));
        var sent = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None)))));
        var sentAgain = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        var stored = await world.NotificationsAsync();
        var dealIds = await world.App.WithDbAsync(db => db.Deals.Where(d => d.OwnerId == owner.Id && d.NextFollowUpOn != null).Select(d => d.Id).ToListAsync());
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(due + due / 10));
            Assert.That(again, Is.EqualTo(new[] { 0, 0 }));
            Assert.That(stored.Where(n => n.RecipientId == owner.Id).Select(n => n.DealId), Is.EquivalentTo(dealIds), "every due deal once");
            Assert.That(stored.Count(n => n.RecipientId == manager.Id && n.Kind == NotificationKind.FollowUpEscalated), Is.EqualTo(due / 10));
            Assert.That(sent.Sum() + sentAgain, Is.EqualTo(stored.Count));
            Assert.That(mailed, Has.Count.EqualTo(stored.Count));
            Assert.That(mailed, Is.EquivalentTo(stored.Select(n => $"<{Notification.MessageIdFor(n.Id)}>")), "each e-mail exactly once");
        });
    }

    [Test]
    public async Task An_opt_out_or_a_missing_address_keeps_the_reminder_in_app_and_sends_no_email()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(new Dictionary<string, string?>
        {
            ["Email:Host"] = "localhost",
            ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SecureSocketOptions"] = "None",
        });
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var noAddress = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var managerOff = await world.UserAsync(Roles.Manager);
        var managerOn = await world.UserAsync(Roles.Manager);
        await world.App.WithDbAsync(async db =>
        {
            db.NotificationOptOuts.AddRange(
                new NotificationOptOut { UserId = owner.Id, Kind = NotificationKind.FollowUpDue },
                new NotificationOptOut { UserId = managerOff.Id, Kind = NotificationKind.FollowUpEscalated });
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == noAddress.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, (string?)null));
        });
        var today = await world.DealAsync(owner, "今日项目", d => d.NextFollowUpOn = world.Today);
        var late = await world.DealAsync(owner, "逾期项目", d => d.NextFollowUpOn = world.Today.AddDays(-5));
        await world.DealAsync(noAddress, configure: d => d.NextFollowUpOn = world.Today);

        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        var stored = await world.NotificationsAsync();
        var mailedTo = smtp.ReceivedEmail.Select(m => (To: m.ToAddresses.Single().Address, Id: m.Headers["Message-ID"])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(5), "every reminder is in-app");
            Assert.That(stored.Single(n => n.DealId == today.Id).EmailStatus, Is.EqualTo(EmailStatus.None), "opted out of due reminders");
            Assert.That(stored.Single(n => n.RecipientId == owner.Id && n.DealId == late.Id).EmailStatus, Is.EqualTo(EmailStatus.Sent), "not of overdue ones");
            Assert.That(stored.Single(n => n.RecipientId == noAddress.Id).EmailStatus, Is.EqualTo(EmailStatus.None));
            Assert.That(stored.Single(n => n.RecipientId == managerOff.Id).EmailStatus, Is.EqualTo(EmailStatus.None));
            Assert.That(stored.Single(n => n.RecipientId == managerOn.Id).EmailStatus, Is.EqualTo(EmailStatus.Sent));
            Assert.That(mailedTo.Select(m => m.To), Is.EquivalentTo(new[] { owner.Email, managerOn.Email }));
        });
    }

    [Test]
    public async Task A_job_that_stores_emails_asks_the_outbox_to_run_and_a_run_that_stores_nothing_does_not()
    {
        var trigger = new CountingTrigger();
        using var world = new JobWorld(host: (time, all) => new TriggerApp(time, all, trigger));
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await DueDealsAsync(world, owner, FollowUpReminderJob.ChunkSize + 10, _ => world.Today);

        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var afterFirst = trigger.Count;
        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            // After the first chunk (the first emails leave while the rest are written) and once more at the end.
            Assert.That(afterFirst, Is.EqualTo(2));
            Assert.That(trigger.Count, Is.EqualTo(afterFirst), "nothing new, no run asked for");
        });
    }

    private sealed class CountingTrigger : IOutboxTrigger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void RunSoon() => Interlocked.Increment(ref _count);
    }

    private sealed class TriggerApp(TimeProvider time, IDictionary<string, string?> settings, IOutboxTrigger trigger) : CrmApp(time, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(trigger)));
        }
    }
}
