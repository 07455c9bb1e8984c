using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;

namespace Crm.Tests.Notifications;

public sealed class EmailOutboxTests
{
    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Email:Host"] = "localhost",
        ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SecureSocketOptions"] = "None",
        ["Email:TimeoutSeconds"] = "5",
    };

    private static async Task<List<long>> AddPendingAsync(JobWorld world, string recipientId, int count) =>
        await world.App.WithDbAsync(async db =>
        {
            var now = world.Time.GetUtcNow().UtcDateTime;
            var rows = Enumerable.Range(1, count).Select(i => new Notification
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
            }).ToList();
            db.Notifications.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

    private static string MessageId(SmtpMessage message) => message.Headers["Message-ID"]!;

    [Test]
    public async Task Three_senders_over_1000_pending_emails_deliver_each_exactly_once()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(Smtp(smtp.Configuration.Port));
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var ids = await AddPendingAsync(world, user.Id, 1000);

        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None)))));

        var received = smtp.ReceivedEmail.Select(MessageId).ToList();
        var statuses = await world.App.WithDbAsync(db => db.Notifications.GroupBy(n => n.EmailStatus).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(sent.Sum(), Is.EqualTo(1000));
            Assert.That(received, Has.Count.EqualTo(1000));
            Assert.That(received.Distinct().Count(), Is.EqualTo(1000), "each Message-ID once");
            Assert.That(received, Is.EquivalentTo(ids.Select(id => $"<{Notification.MessageIdFor(id)}>")));
            Assert.That(statuses.Single().Key, Is.EqualTo(EmailStatus.Sent));
        });
    }

    [Test]
    public async Task Reminders_produced_twice_and_sent_twice_arrive_once_each()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(Smtp(smtp.Configuration.Port));
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, "en");
        for (var i = 0; i < 5; i++)
        {
            await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today);
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)))));
        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None)))));
        await world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(smtp.ReceivedEmailCount, Is.EqualTo(5));
            Assert.That(smtp.ReceivedEmail.Select(MessageId).Distinct().Count(), Is.EqualTo(5));
            Assert.That(smtp.ReceivedEmail.All(m => m.Headers["Subject"]!.StartsWith("Follow-up due", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task An_email_refused_by_SMTP_stays_pending_and_goes_out_once_when_the_server_is_back()
    {
        int port;
        using (var probe = SimpleSmtpServer.Start())
        {
            port = probe.Configuration.Port;
        }
        using var world = new JobWorld(Smtp(port));
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var id = (await AddPendingAsync(world, user.Id, 1)).Single();

        var failedAt = world.Time.GetUtcNow().UtcDateTime;
        var sentWhileDown = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));
        var afterFailure = await world.App.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));
        var sentTooEarly = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        using var smtp = SimpleSmtpServer.Start(port);
        world.Time.Advance(EmailOutbox.Backoff(1));
        var sentAfterRecovery = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));
        world.Time.Advance(TimeSpan.FromHours(3));
        await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));
        var final = await world.App.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));

        Assert.Multiple(() =>
        {
            Assert.That(sentWhileDown, Is.Zero);
            Assert.That(afterFailure.EmailStatus, Is.EqualTo(EmailStatus.Pending));
            Assert.That(afterFailure.EmailAttempts, Is.EqualTo(1));
            Assert.That(afterFailure.LastError, Is.Not.Null);
            Assert.That(afterFailure.NextAttemptAt, Is.EqualTo(failedAt + EmailOutbox.Backoff(1)));
            Assert.That(sentTooEarly, Is.Zero, "backs off before the next attempt");
            Assert.That(sentAfterRecovery, Is.EqualTo(1));
            Assert.That(smtp.ReceivedEmailCount, Is.EqualTo(1));
            Assert.That(MessageId(smtp.ReceivedEmail.Single()), Is.EqualTo($"<{Notification.MessageIdFor(id)}>"));
            Assert.That(final.EmailStatus, Is.EqualTo(EmailStatus.Sent));
        });
    }

    [Test]
    public async Task After_eight_failed_attempts_an_email_is_failed_and_shown_to_admins_only()
    {
        int port;
        using (var probe = SimpleSmtpServer.Start())
        {
            port = probe.Configuration.Port;
        }
        using var world = new JobWorld(Smtp(port));
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing);
        var id = (await AddPendingAsync(world, user.Id, 1)).Single();

        for (var attempt = 1; attempt <= EmailOutbox.MaxAttempts; attempt++)
        {
            await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));
            world.Time.Advance(EmailOutbox.Backoff(attempt));
        }

        var row = await world.App.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));
        var (_, admin) = await world.App.SignedInAsync(Roles.Admin);
        var failed = await admin.GetFromJsonAsync<List<OutboxEntry>>("/api/v1/admin/outbox?status=Failed", CrmApp.Json);
        var recruiter = await world.App.ClientForAsync(user);
        var denied = await recruiter.GetAsync("/api/v1/admin/outbox?status=Failed");
        Assert.Multiple(() =>
        {
            Assert.That(row.EmailStatus, Is.EqualTo(EmailStatus.Failed));
            Assert.That(row.EmailAttempts, Is.EqualTo(EmailOutbox.MaxAttempts));
            Assert.That(failed!.Single().Id, Is.EqualTo(id));
            Assert.That(failed!.Single().LastError, Is.Not.Null);
            Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task A_claim_left_by_a_crashed_sender_is_taken_over_after_the_timeout_only()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(Smtp(smtp.Configuration.Port));
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var ids = await AddPendingAsync(world, user.Id, 2);
        var now = world.Time.GetUtcNow().UtcDateTime;
        await world.App.WithDbAsync(async db =>
        {
            await db.Notifications.Where(n => n.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailStatus, EmailStatus.Sending)
                .SetProperty(n => n.ClaimedBy, "crashed").SetProperty(n => n.ClaimedAt, now - EmailOutbox.ClaimTimeout - TimeSpan.FromMinutes(1)));
            await db.Notifications.Where(n => n.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailStatus, EmailStatus.Sending)
                .SetProperty(n => n.ClaimedBy, "busy").SetProperty(n => n.ClaimedAt, now - TimeSpan.FromMinutes(1)));
        });

        var sent = await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.EqualTo(1));
            Assert.That(MessageId(smtp.ReceivedEmail.Single()), Is.EqualTo($"<{Notification.MessageIdFor(ids[0])}>"));
        });
    }

    [Test]
    public async Task Without_an_SMTP_host_emails_are_written_to_the_pickup_folder()
    {
        using var world = new JobWorld();
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var id = (await AddPendingAsync(world, user.Id, 1)).Single();

        await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        var file = Path.Combine(world.PickupFolder, Notification.MessageIdFor(id) + ".eml");
        Assert.That(File.Exists(file), Is.True);
        var text = await File.ReadAllTextAsync(file);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"Message-Id: <{Notification.MessageIdFor(id)}>").IgnoreCase);
            Assert.That(text, Does.Contain(user.Email));
        });
    }
}
