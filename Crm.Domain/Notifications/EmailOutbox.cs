using Crm.Domain.Common;
using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Crm.Domain.Notifications;

/// <summary>
/// Sends pending notification emails. Each email is claimed by a conditional update that must touch exactly
/// one row, so several senders (threads, servers) never send the same one; see docs/decisions/0006-reminders-exactly-once.md.
/// </summary>
public sealed class EmailOutbox(CrmDbContext db, TimeProvider time, MailTransport transport, ILogger<EmailOutbox> log)
{
    /// <summary>Attempts (claims) before an email is marked Failed.</summary>
    public const int MaxAttempts = 8;
    public const int BatchSize = 100;
    /// <summary>A claim older than this is taken to belong to a crashed sender and is claimed again.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(2);

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(MaxBackoff.TotalMinutes, Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <returns>The number of emails sent by this call.</returns>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var sender = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        sender = sender[^Math.Min(sender.Length, NotificationConfiguration.ClaimLength)..];
        var sent = 0;
        while (!ct.IsCancellationRequested)
        {
            var claimed = await ClaimBatchAsync(sender, ct);
            if (claimed.Count == 0)
            {
                // Nothing claimable is left, or everything visible was taken by other senders.
                if (!await AnyClaimableAsync(ct))
                {
                    break;
                }
                continue;
            }
            sent += await SendClaimedAsync(sender, claimed, ct);
        }
        return sent;
    }

    private IQueryable<Notification> Claimable(DateTime now)
    {
        var stale = now - ClaimTimeout;
        return db.Notifications.Where(n =>
            (n.EmailStatus == EmailStatus.Pending && n.NextAttemptAt <= now)
            || (n.EmailStatus == EmailStatus.Sending && n.ClaimedAt < stale));
    }

    private Task<bool> AnyClaimableAsync(CancellationToken ct) => Claimable(time.UtcNow()).AnyAsync(ct);

    private async Task<List<long>> ClaimBatchAsync(string sender, CancellationToken ct)
    {
        var now = time.UtcNow();
        var candidates = await Claimable(now).OrderBy(n => n.Id).Select(n => n.Id).Take(BatchSize).ToListAsync(ct);
        var claimed = new List<long>(candidates.Count);
        foreach (var id in candidates)
        {
            // The claim: only one sender's update can match a row that is still claimable.
            var rows = await Claimable(now).Where(n => n.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(n => n.EmailStatus, EmailStatus.Sending)
                .SetProperty(n => n.ClaimedBy, sender)
                .SetProperty(n => n.ClaimedAt, now)
                .SetProperty(n => n.EmailAttempts, n => n.EmailAttempts + 1), ct);
            if (rows == 1)
            {
                claimed.Add(id);
            }
        }
        return claimed;
    }

    private async Task<int> SendClaimedAsync(string sender, List<long> ids, CancellationToken ct)
    {
        var messages = await (from n in db.Notifications.AsNoTracking()
                              join u in db.Users on n.RecipientId equals u.Id
                              where ids.Contains(n.Id) && n.ClaimedBy == sender
                              orderby n.Id
                              select new { n.Id, n.Title, n.Body, n.EmailAttempts, u.Email, u.DisplayName }).ToListAsync(ct);
        var sent = 0;
        MailSession? session = null;
        try
        {
            foreach (var m in messages)
            {
                try
                {
                    session ??= await transport.OpenAsync(ct);
                    await session.SendAsync(Compose(m.Id, m.Title, m.Body, m.Email!, m.DisplayName), ct);
                    await db.Notifications.Where(n => n.Id == m.Id && n.ClaimedBy == sender).ExecuteUpdateAsync(s => s
                        .SetProperty(n => n.EmailStatus, EmailStatus.Sent)
                        .SetProperty(n => n.SentAt, time.UtcNow())
                        .SetProperty(n => n.LastError, (string?)null), CancellationToken.None);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("Email of notification {Id} failed (attempt {Attempt}): {Error}", m.Id, m.EmailAttempts, e.Message);
                    await FailAsync(sender, m.Id, m.EmailAttempts, e.Message);
                    if (session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
        return sent;
    }

    private Task<int> FailAsync(string sender, long id, int attempts, string error)
    {
        var giveUp = attempts >= MaxAttempts;
        var next = time.UtcNow() + Backoff(attempts);
        var message = error.Length <= FieldLengths.Note ? error : error[..FieldLengths.Note];
        return db.Notifications.Where(n => n.Id == id && n.ClaimedBy == sender).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailStatus, giveUp ? EmailStatus.Failed : EmailStatus.Pending)
            .SetProperty(n => n.NextAttemptAt, giveUp ? null : next)
            .SetProperty(n => n.LastError, message)
            .SetProperty(n => n.ClaimedBy, (string?)null)
            .SetProperty(n => n.ClaimedAt, (DateTime?)null), CancellationToken.None);
    }

    private MimeMessage Compose(long id, string title, string body, string email, string name)
    {
        var message = new MimeMessage
        {
            // The same id on every attempt: a copy sent again after a crash is the same message to the reader's client.
            MessageId = Notification.MessageIdFor(id),
            Subject = title,
            Body = new TextPart("plain") { Text = body },
        };
        message.From.Add(MailboxAddress.Parse(transport.Options.From));
        message.To.Add(new MailboxAddress(name, email));
        return message;
    }
}
