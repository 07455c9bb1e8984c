using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using Crm.Web.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using netDumbster.smtp;

namespace Crm.Tests.Notifications;

/// <summary>The outbox claims, sends and marks a batch per round trip, and a job that stored emails runs it at once.</summary>
public sealed class OutboxBatchTests
{
    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Email:Host"] = "localhost",
        ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SecureSocketOptions"] = "None",
        ["Email:TimeoutSeconds"] = "5",
    };

    private static Task AddPendingAsync(JobWorld world, string recipientId, int count) => world.App.WithDbAsync(async db =>
    {
        var now = world.Time.GetUtcNow().UtcDateTime;
        db.Notifications.AddRange(Enumerable.Range(1, count).Select(i => new Notification
        {
            RecipientId = recipientId,
            Kind = NotificationKind.FollowUpDue,
            DealId = i,
            PeriodKey = "2026-11-30",
            Title = $"Follow-up due: deal {i}",
            Body = "Due today.",
            CreatedAt = now,
            EmailStatus = EmailStatus.Pending,
            NextAttemptAt = now,
        }));
        await db.SaveChangesAsync();
    });

    [Test]
    public async Task Two_hundred_and_fifty_pending_emails_leave_in_three_claims_each_marked_as_it_goes()
    {
        using var smtp = SimpleSmtpServer.Start();
        var settings = Smtp(smtp.Configuration.Port);
        using var world = new JobWorld(settings, host: (time, all) =>
        {
            var app = new PageApp(time);
            foreach (var (key, value) in all)
            {
                app.Settings[key] = value;
            }
            return app;
        });
        var commands = ((PageApp)world.App).Commands;
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await AddPendingAsync(world, user.Id, 250);

        commands.Reset();
        var sent = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));
        var used = commands.Count;

        var rounds = (int)Math.Ceiling(250.0 / EmailOutbox.BatchSize);
        var statuses = await world.App.WithDbAsync(db => db.Notifications.Select(n => n.EmailStatus).Distinct().ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.EqualTo(250));
            Assert.That(smtp.ReceivedEmailCount, Is.EqualTo(250));
            // Per round: the claim and the read by the claim's token; per email its mark (so a crash repeats at most
            // one). Then one claim that finds nothing and one look.
            Assert.That(used, Is.EqualTo(2 * rounds + 250 + 2));
            Assert.That(statuses, Is.EqualTo(new[] { EmailStatus.Sent }));
        });
    }

    [Test]
    public async Task Two_outboxes_racing_over_batches_send_each_email_once()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(Smtp(smtp.Configuration.Port));
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await AddPendingAsync(world, user.Id, 5 * EmailOutbox.BatchSize + 7);

        var sent = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None)))));

        var ids = await world.App.WithDbAsync(db => db.Notifications.Select(n => n.Id).ToListAsync());
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Sum(), Is.EqualTo(ids.Count));
            Assert.That(mailed, Is.EquivalentTo(ids.Select(id => $"<{Notification.MessageIdFor(id)}>")));
        });
    }

    [Test]
    public async Task With_the_mail_server_down_a_batch_stays_pending_with_one_attempt_each_and_no_email_is_lost()
    {
        int port;
        using (var probe = SimpleSmtpServer.Start())
        {
            port = probe.Configuration.Port;
        }
        using var world = new JobWorld(Smtp(port));
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        await AddPendingAsync(world, user.Id, EmailOutbox.BatchSize + 20);

        var sentWhileDown = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));
        var afterFailure = await world.App.WithDbAsync(db => db.Notifications.AsNoTracking()
            .GroupBy(n => new { n.EmailStatus, n.EmailAttempts }).Select(g => new { g.Key.EmailStatus, g.Key.EmailAttempts, Count = g.Count() }).ToListAsync());
        using var smtp = SimpleSmtpServer.Start(port);
        world.Time.Advance(EmailOutbox.Backoff(1));
        var sentAfterRecovery = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(sentWhileDown, Is.Zero);
            // The first batch was tried and backs off; the rest was not claimed against a server that is not there.
            Assert.That(afterFailure.Select(g => (g.EmailStatus, g.EmailAttempts, g.Count)), Is.EquivalentTo(new[]
            {
                (EmailStatus.Pending, 1, EmailOutbox.BatchSize), (EmailStatus.Pending, 0, 20),
            }));
            Assert.That(sentAfterRecovery, Is.EqualTo(EmailOutbox.BatchSize + 20));
            Assert.That(smtp.ReceivedEmailCount, Is.EqualTo(EmailOutbox.BatchSize + 20));
        });
    }

    [Test]
    public void The_trigger_queues_the_outbox_job_and_a_storage_failure_does_not_fail_the_job_that_asked()
    {
        var client = new RecordingJobClient();
        new HangfireOutboxTrigger(client, NullLogger<HangfireOutboxTrigger>.Instance).RunSoon();
        var failing = new HangfireOutboxTrigger(new RecordingJobClient { Fails = true }, NullLogger<HangfireOutboxTrigger>.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(client.Created.Select(c => (c.Job.Type, c.Job.Method.Name, c.State.Name)),
                Is.EqualTo(new[] { (typeof(EmailOutboxJob), nameof(EmailOutboxJob.RunAsync), EnqueuedState.StateName) }));
            Assert.DoesNotThrow(failing.RunSoon);
        });
    }

    [Test]
    public void A_host_without_a_job_server_on_SQLite_leaves_the_sending_to_the_schedule()
    {
        using var world = new JobWorld();
        Assert.That(world.App.Services.GetRequiredService<IOutboxTrigger>(), Is.InstanceOf<ScheduledOutboxOnly>());
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public bool Fails { get; init; }

        public List<(Job Job, IState State)> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            if (Fails)
            {
                throw new InvalidOperationException("storage unavailable");
            }
            Created.Add((job, state));
            return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }
}
