using System.Diagnostics;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;

namespace Crm.Benchmarks;

/// <summary>
/// The reminder sweep through the host's own services (<see cref="FollowUpReminderJob.RunAsync"/>, then
/// <see cref="EmailOutbox.SendPendingAsync"/>) against the in-process SMTP server, on a day with a tenth of the zone
/// due (10,000 at 100k), and on today; beside a hand-written INSERT…SELECT and the same e-mails sent directly.
/// </summary>
public sealed class JobRows(BenchHost host, SimpleSmtpServer smtp, BenchOptions options)
{
    public async Task<IReadOnlyList<Measurement>> MeasureAsync(BenchRow row, CancellationToken ct) =>
        row == Rows.ReminderRows ? await SweepAsync(ct) : [await RealisticDayAsync(ct)];

    private async Task<IReadOnlyList<Measurement>> SweepAsync(CancellationToken ct)
    {
        var wanted = options.Size / 10;
        var (day, due) = await DayWithDueAsync(wanted, ct);
        // The host's clock on that morning, so the writer and the outbox see it as today.
        host.Time.Offset = ZoneTime.StartOfZoneDateUtc(day).AddHours(9) - DateTime.UtcNow;
        try
        {
            var baselineRows = await InsertSelectAsync(day, ct);
            var clock = Stopwatch.StartNew();
            int created;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                created = await scope.ServiceProvider.GetRequiredService<FollowUpReminderJob>().RunAsync(day, ct);
            }
            var rowsMs = clock.Elapsed.TotalMilliseconds;
            var pending = await PendingEmailsAsync(ct);
            await SendAllAsync(pending, ct);
            var totalMs = clock.Elapsed.TotalMilliseconds;
            var received = smtp.ReceivedEmailCount;

            var direct = await DirectSendAsync(received, ct);
            var rows = new Measurement(Rows.ReminderRows)
            {
                Figure = $"{Measurement.Ms(rowsMs)} ({created:N0} rows)",
                BaselineFigure = $"{Measurement.Ms(baselineRows.Ms)} ({baselineRows.Rows:N0} rows)",
                Note = $"{due:N0} deals due by {day.AddDays(1):yyyy-MM-dd} (run for {day:yyyy-MM-dd})",
            }.Set(Measurement.FigureKey, rowsMs).Set(Measurement.BaselineKey, baselineRows.Ms).Set(Measurement.RatioKey, rowsMs / baselineRows.Ms);
            var emails = new Measurement(Rows.ReminderEmails)
            {
                Figure = $"{Measurement.Ms(totalMs)} ({received:N0} e-mails)",
                BaselineFigure = $"{Measurement.Ms(direct)} ({received:N0} e-mails)",
                Note = received == pending ? null : $"{pending:N0} pending, {received:N0} received",
            }.Set(Measurement.FigureKey, totalMs).Set(Measurement.BaselineKey, direct).Set(Measurement.RatioKey, totalMs / direct);
            return [rows, emails];
        }
        finally
        {
            host.Time.Offset = TimeSpan.Zero;
            await CleanAsync(ct);
        }
    }

    private async Task<Measurement> RealisticDayAsync(CancellationToken ct)
    {
        var today = host.Zone.Today;
        var pid = Environment.ProcessId;
        GC.Collect();
        var before = ProcessMemory.RssMb(pid);
        ProcessMemory.ResetPeak(pid);
        var clock = Stopwatch.StartNew();
        int created;
        try
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                created = await scope.ServiceProvider.GetRequiredService<FollowUpReminderJob>().RunAsync(today, ct);
            }
            await SendAllAsync(await PendingEmailsAsync(ct), ct);
        }
        finally
        {
            await CleanAsync(ct);
        }
        var peak = ProcessMemory.PeakMb(pid);
        var due = await DueAsync(today, ct);
        return new Measurement(Rows.RealisticDay)
        {
            Figure = $"peak {Measurement.Mb(peak)} ({due:N0} due, {created:N0} notifications, {clock.Elapsed.TotalSeconds:0.0} s)",
            BaselineFigure = Measurement.Mb(before),
            Note = "RSS of the benchmark process (host and harness in one), peak reset before the run",
        }.Set("peakMb", peak).Set("processPeakMb", peak).Set("increaseMb", peak - before).Set(Measurement.BaselineKey, before)
            .Set(Measurement.RatioKey, peak / before);
    }

    /// <summary>
    /// The jobs run inside the benchmark's own process, whose RSS holds the harness too (browser driver, SMTP server, clients):
    /// the product's figure is taken as the separate host's idle RSS plus the peak increase of the run.
    /// </summary>
    public static void EstimateProductPeak(Measurement realisticDay, double hostIdleMb)
    {
        if (!realisticDay.Values.TryGetValue("increaseMb", out var increase) || double.IsNaN(hostIdleMb))
        {
            return;
        }
        var estimate = hostIdleMb + increase;
        realisticDay.Set("peakMb", estimate).Set(Measurement.BaselineKey, hostIdleMb).Set(Measurement.RatioKey, estimate / hostIdleMb);
        realisticDay.Figure = $"≈ {Measurement.Mb(estimate)} ({realisticDay.Figure})";
        realisticDay.BaselineFigure = $"idle separate host {Measurement.Mb(hostIdleMb)}";
        realisticDay.Note = $"in-process run: +{Measurement.Mb(increase)} over {Measurement.Mb(realisticDay.Values["processPeakMb"] - increase)}; "
            + "the figure is the separate host's idle RSS plus that increase";
    }

    /// <summary>The past day whose reminder run meets closest to <paramref name="wanted"/> due deals (overdue included).</summary>
    private async Task<(DateOnly Day, int Due)> DayWithDueAsync(int wanted, CancellationToken ct)
    {
        var best = (Day: host.Zone.Today, Due: await DueAsync(host.Zone.Today, ct));
        for (var back = 1; back <= 60 && best.Due > wanted; back++)
        {
            var day = host.Zone.Today.AddDays(-back);
            var due = await DueAsync(day, ct);
            if (Math.Abs(due - wanted) < Math.Abs(best.Due - wanted))
            {
                best = (day, due);
            }
        }
        return best;
    }

    private async Task<int> DueAsync(DateOnly day, CancellationToken ct)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var tomorrow = day.AddDays(1);
        return await db.Deals.CountAsync(d => d.Status == Domain.Deals.DealStatus.Active && d.NextFollowUpOn != null && d.NextFollowUpOn <= tomorrow, ct);
    }

    private async Task<int> PendingEmailsAsync(CancellationToken ct)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Notifications.CountAsync(n => n.EmailStatus == EmailStatus.Pending, ct);
    }

    /// <summary>The outbox until the SMTP server has every pending e-mail (it sends in batches and returns when none is left).</summary>
    private async Task SendAllAsync(int pending, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (smtp.ReceivedEmailCount < pending && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            await using var scope = host.Services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendPendingAsync(ct) == 0)
            {
                break;
            }
        }
    }

    /// <summary>The same rows written by one statement (a reminder per due deal and owner), timed, then rolled back.</summary>
    private async Task<(double Ms, int Rows)> InsertSelectAsync(DateOnly day, CancellationToken ct)
    {
        var baselines = host.Services.GetRequiredService<SqlBaselines>();
        await using var connection = baselines.Open();
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A reminder per due deal to its owner, and per deal overdue by more than the escalation days to every manager.
        const string sql = """
            INSERT INTO "Notifications" ("RecipientId", "Kind", "DealId", "PeriodKey", "Title", "Body", "CreatedAt", "EmailStatus", "EmailAttempts", "NextAttemptAt")
            SELECT d."OwnerId", CASE WHEN d."NextFollowUpOn" < @day THEN 'FollowUpOverdue' ELSE 'FollowUpDue' END, d."Id", @period,
                   '跟进提醒：' || d."Title", '项目' || d."Title" || '的跟进日期已到', @now, 'Pending', 0, @now
            FROM "Deals" d WHERE d."Status" = 'Active' AND d."NextFollowUpOn" IS NOT NULL AND d."NextFollowUpOn" <= @tomorrow
            UNION ALL
            SELECT m."UserId", 'FollowUpEscalated', d."Id", @period,
                   '跟进逾期：' || d."Title", '项目' || d."Title" || '的跟进已逾期', @now, 'Pending', 0, @now
            FROM "Deals" d CROSS JOIN (SELECT ur."UserId" FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" WHERE r."Name" = 'Manager') m
            WHERE d."Status" = 'Active' AND d."NextFollowUpOn" IS NOT NULL AND d."NextFollowUpOn" < @escalated
            """;
        var now = ZoneTime.StartOfZoneDateUtc(day).AddHours(9);
        await using var command = SqlBaselines.Command(connection, sql,
            [("day", day), ("tomorrow", day.AddDays(1)), ("escalated", day.AddDays(-FollowUpReminderJob.EscalateAfterDays)), ("period", "bench-" + day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)), ("now", now)]);
        command.Transaction = tx;
        var clock = Stopwatch.StartNew();
        var rows = await command.ExecuteNonQueryAsync(ct);
        var ms = clock.Elapsed.TotalMilliseconds;
        await tx.RollbackAsync(ct);
        return (ms, rows);
    }

    /// <summary>The baseline of the e-mails: one SMTP session, <paramref name="count"/> messages of the same size, sent in turn.</summary>
    private async Task<double> DirectSendAsync(int count, CancellationToken ct)
    {
        smtp.ClearReceivedEmail();
        using var client = new SmtpClient();
        var clock = Stopwatch.StartNew();
        await client.ConnectAsync("127.0.0.1", smtp.Configuration.Port, SecureSocketOptions.None, ct);
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("crm@zone.local"));
            message.To.Add(MailboxAddress.Parse($"user{i % 100}@zone.bench"));
            message.Subject = "跟进提醒：项目跟进日期已到";
            message.MessageId = $"bench-{i}@zone-crm";
            message.Body = new TextPart("plain") { Text = "项目的跟进日期已到，请及时跟进并记录。" };
            await client.SendAsync(message, ct);
        }
        await client.DisconnectAsync(true, ct);
        var ms = clock.Elapsed.TotalMilliseconds;
        smtp.ClearReceivedEmail();
        return ms;
    }

    /// <summary>The next row starts from the generated zone again: no notifications, no covered days.</summary>
    private async Task CleanAsync(CancellationToken ct)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        await db.Notifications.ExecuteDeleteAsync(ct);
        await db.JobRuns.ExecuteDeleteAsync(ct);
        smtp.ClearReceivedEmail();
    }
}
