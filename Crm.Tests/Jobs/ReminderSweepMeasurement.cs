using System.Diagnostics;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using netDumbster.smtp;

namespace Crm.Tests.Jobs;

/// <summary>
/// Not a test: a measurement of the reminder sweep at a province's scale, run by hand
/// (<c>dotnet test Crm.Tests --filter "FullyQualifiedName~ReminderSweepMeasurement"</c>). It prints figures and
/// asserts only that every reminder was written and mailed once; timings are never asserted.
/// </summary>
[Explicit("a measurement, run by hand")]
[NonParallelizable]
public sealed class ReminderSweepMeasurement
{
    private const int Due = 10_000;

    [Test]
    public async Task Ten_thousand_due_follow_ups_rows_and_emails()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(new Dictionary<string, string?>
        {
            ["Email:Host"] = "localhost",
            ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SecureSocketOptions"] = "None",
        });
        var owners = new List<TestUser>();
        for (var i = 0; i < 40; i++)
        {
            owners.Add(await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, i % 2 == 0 ? "zh-CN" : "en"));
        }
        await world.UserAsync(Roles.Manager);
        await world.UserAsync(Roles.Manager, language: "en");
        var template = await world.DealAsync(owners[0]);
        await world.App.WithDbAsync(async db =>
        {
            // Copies of one deal made by SQL, so the seeding leaves nothing in this process's memory. A third of them are
            // due (today, tomorrow or up to 3 days late: no escalation), the rest later; owners in turn.
            var columns = db.Model.FindEntityType(typeof(Deal))!.GetProperties().Select(p => p.GetColumnName()).Where(c => c != "Id").ToList();
            var copied = columns.Select(c => c switch
            {
                "Title" => "'省级项目' || s.i",
                "NextFollowUpOn" => $"CASE WHEN s.i <= {Due} THEN date('{world.Today:yyyy-MM-dd}', (1 - s.i % 5) || ' days') "
                    + $"ELSE date('{world.Today:yyyy-MM-dd}', (2 + s.i % 60) || ' days') END",
                "OwnerId" => "o.Id",
                _ => "d." + c,
            });
            var sql = $"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {Due + 20_000}) "
                + $"INSERT INTO Deals ({string.Join(", ", columns)}) SELECT {string.Join(", ", copied)} FROM s, Deals AS d, "
                + $"(SELECT Id, ROW_NUMBER() OVER (ORDER BY Id) - 1 AS k FROM AspNetUsers WHERE Email LIKE 'recruiter%') AS o "
                + $"WHERE d.Id = {template.Id} AND o.k = s.i % {owners.Count}";
            await db.Database.ExecuteSqlRawAsync(sql);
        });
        var inserted = await world.App.WithDbAsync(db => db.Deals.CountAsync());
        TestContext.Out.WriteLine($"deals: {inserted}");

        // Baseline 1: the same rows by one INSERT ... SELECT.
        var baselineRows = Stopwatch.StartNew();
        var now = world.Time.GetUtcNow().UtcDateTime;
        var tomorrow = world.Today.AddDays(1);
        var rows = await world.App.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO Notifications (RecipientId, Kind, DealId, PeriodKey, Title, Body, CreatedAt, EmailStatus, EmailAttempts, NextAttemptAt)
            SELECT OwnerId, 'FollowUpDue', Id, 'baseline', Title, Title, {now}, 'Pending', 0, {now}
            FROM Deals WHERE Status = 'Active' AND NextFollowUpOn IS NOT NULL AND NextFollowUpOn <= {tomorrow}
            """));
        baselineRows.Stop();
        await world.App.WithDbAsync(db => db.Notifications.ExecuteDeleteAsync());
        TestContext.Out.WriteLine($"baseline INSERT ... SELECT of {rows} rows: {baselineRows.ElapsedMilliseconds} ms");

        // The server runs in this process and would keep every message: they are counted as they arrive and dropped.
        var received = 0;
        smtp.MessageReceived += (_, _) => Interlocked.Increment(ref received);
        using var draining = new CancellationTokenSource();
        var drain = Task.Run(async () =>
        {
            while (!draining.IsCancellationRequested)
            {
                smtp.ClearReceivedEmail();
                await Task.Delay(20);
            }
        });

        var port = smtp.Configuration.Port;
        await SendDirectlyAsync(port, Enumerable.Range(0, Due).Select(i => new Mail(-i, $"Warm-up {i}", "Warm-up.", "recruiter@zone.test", "Recruiter")).ToList());

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var job = Stopwatch.StartNew();
        var (created, peakOfRows) = await PeakHeapAsync(() => world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)));
        var rowsMs = job.ElapsedMilliseconds;

        // Baseline 2: the very e-mails the job stored, straight over one SMTP connection (read beforehand, not timed).
        var mails = await world.App.WithDbAsync(db => (from n in db.Notifications.AsNoTracking()
                                                       join u in db.Users on n.RecipientId equals u.Id
                                                       orderby n.Id
                                                       select new Mail(n.Id, n.Title, n.Body, u.Email!, u.DisplayName)).ToListAsync());
        var direct = Stopwatch.StartNew();
        await SendDirectlyAsync(port, mails);
        var directMs = direct.ElapsedMilliseconds;
        mails = null;
        received = 0;

        var outbox = Stopwatch.StartNew();
        var (sent, peakOfOutbox) = await PeakHeapAsync(() => world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None)));
        var outboxMs = outbox.ElapsedMilliseconds;
        var delivered = received;
        await draining.CancelAsync();
        await drain;

        TestContext.Out.WriteLine($"reminder job: {created} rows in {rowsMs} ms ({(double)rowsMs / baselineRows.ElapsedMilliseconds:0.0}x INSERT ... SELECT); "
            + $"peak managed heap +{(peakOfRows - heapBefore) / 1_000_000} MB");
        TestContext.Out.WriteLine($"direct SMTP of the same {Due} e-mails: {directMs} ms");
        TestContext.Out.WriteLine($"outbox: {sent} e-mails in {outboxMs} ms; rows + e-mails {rowsMs + outboxMs} ms = {(double)(rowsMs + outboxMs) / directMs:0.00}x direct SMTP; "
            + $"peak managed heap +{(peakOfOutbox - heapBefore) / 1_000_000} MB");
        TestContext.Out.WriteLine($"allocated {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1_000_000} MB, process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1_000_000} MB");
        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(Due));
            Assert.That(sent, Is.EqualTo(Due));
            Assert.That(delivered, Is.EqualTo(Due));
        });
    }

    /// <summary>Runs <paramref name="work"/> while sampling the managed heap every 5 ms.</summary>
    private static async Task<(int Result, long PeakHeap)> PeakHeapAsync(Func<Task<int>> work)
    {
        using var sampling = new CancellationTokenSource();
        var peak = GC.GetTotalMemory(false);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var result = await work();
        await sampling.CancelAsync();
        await sampler;
        return (result, peak);
    }

    private sealed record Mail(long Id, string Title, string Body, string Email, string Name);

    /// <summary>As the outbox composes them, without the database.</summary>
    private static async Task SendDirectlyAsync(int port, List<Mail> mails)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("localhost", port, SecureSocketOptions.None);
        foreach (var m in mails)
        {
            var message = new MimeMessage { MessageId = $"direct-{m.Id}@zone-crm", Subject = m.Title, Body = new TextPart("plain") { Text = m.Body } };
            message.From.Add(MailboxAddress.Parse("Zone CRM <crm@zone.local>"));
            message.To.Add(new MailboxAddress(m.Name, m.Email));
            await client.SendAsync(message);
        }
        await client.DisconnectAsync(true);
    }
}
