using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using netDumbster.smtp;

namespace Crm.Tests.Notifications;

/// <summary>
/// The sweep and the outbox where writers really run at once: a real PostgreSQL server, a database of its own per test
/// (<see cref="PostgreSqlDatabase"/>). SQLite serializes every write, so only here do two inserts of the same keys, or two
/// claims of the same rows, overlap.
/// </summary>
[Category("Server")]
public sealed class PostgreSqlReminderTests
{
    private PostgreSqlDatabase? _database;

    [SetUp]
    public async Task CreateTheDatabase() => _database = await PostgreSqlDatabase.CreateAsync();

    [TearDown]
    public async Task DropTheDatabase()
    {
        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }

    private JobWorld OnTheServer(SimpleSmtpServer smtp) => new(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Crm"] = _database!.ConnectionString,
        ["Email:Host"] = "localhost",
        ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SecureSocketOptions"] = "None",
    });

    [Test]
    public async Task Sweeps_at_once_store_each_reminder_once_and_racing_outboxes_mail_each_once()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = OnTheServer(smtp);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, "en");
        var manager = await world.UserAsync(Roles.Manager);
        var optedOut = await world.UserAsync(Roles.Manager);
        var company = (await world.DealAsync(owner)).CompanyId;
        var due = FollowUpReminderJob.ChunkSize + 200;
        await world.App.WithDbAsync(async db =>
        {
            db.NotificationOptOuts.Add(new NotificationOptOut { UserId = optedOut.Id, Kind = NotificationKind.FollowUpEscalated });
            var now = world.Time.GetUtcNow().UtcDateTime;
            for (var i = 0; i < due; i++)
            {
                var (deal, created) = Deal.Create($"批量项目{i}", company, DeskCodes.Guangdong, owner.Id, world.Today.AddDays(-30), owner.Id, now);
                deal.NextFollowUpOn = world.Today.AddDays(i % 10 == 0 ? -4 : 0);
                db.Deals.Add(deal);
                db.StageChanges.Add(created);
            }
            await db.SaveChangesAsync();
        });

        var counts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)))));
        var again = await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None)))));

        var stored = await world.NotificationsAsync();
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        var expected = due + 2 * (due / 10);
        Assert.Multiple(() =>
        {
            Assert.That(counts.Sum(), Is.EqualTo(expected), "between them the runs created each reminder once");
            Assert.That(again, Is.Zero);
            Assert.That(stored, Has.Count.EqualTo(expected));
            Assert.That(stored.Where(n => n.RecipientId == optedOut.Id).Select(n => n.EmailStatus).Distinct(), Is.EqualTo(new[] { EmailStatus.None }));
            Assert.That(stored.Count(n => n.RecipientId == manager.Id && n.EmailStatus == EmailStatus.Sent), Is.EqualTo(due / 10));
            Assert.That(sent.Sum(), Is.EqualTo(expected - due / 10));
            Assert.That(mailed, Is.EquivalentTo(stored.Where(n => n.EmailStatus == EmailStatus.Sent).Select(n => $"<{Notification.MessageIdFor(n.Id)}>")),
                "each email exactly once");
            Assert.That(stored.Where(n => n.RecipientId == owner.Id).All(n => n.Title.StartsWith("Follow-up", StringComparison.Ordinal)), "in the owner's language");
        });
    }
}
