using Crm.Domain.Common;
using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Crm.Domain.Notifications;

/// <summary>
/// Sends pending notification emails, <see cref="BatchSize"/> per round trip. A round claims a batch with one
/// conditional update that stamps a claim token of its own on rows that are still claimable, reads back the rows
/// bearing the token, sends them over one SMTP connection (kept for the whole call) and marks each sent as soon as the
/// server took it, so a crash repeats at most one email. Several senders (threads, servers) never send the same email: a row stamped by one no longer matches
/// another's update. See docs/decisions/0006-reminders-exactly-once.md.
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
        var sender = $"{Environment.MachineName}:{Environment.ProcessId}";
        var from = MailboxAddress.Parse(transport.Options.From);
        var sent = 0;
        var connection = new Connection(transport);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var token = Token(sender);
                var now = time.UtcNow();
                if (await ClaimBatchAsync(token, now, ct) == 0)
                {
                    // Nothing claimable is left, or everything visible was taken by other senders in between.
                    if (!await Claimable(time.UtcNow()).AnyAsync(ct))
                    {
                        break;
                    }
                    continue;
                }
                var (batchSent, serverDown) = await SendClaimedAsync(token, from, connection, ct);
                sent += batchSent;
                if (serverDown)
                {
                    // The rest stays pending for the next run, rather than failing one by one against a server that is not there.
                    break;
                }
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
        return sent;
    }

    /// <summary>One claim per round: the machine and process, for a reader of the table, and a fresh id.</summary>
    private static string Token(string sender)
    {
        var token = $"{sender}:{Guid.NewGuid():N}";
        return token[^Math.Min(token.Length, NotificationConfiguration.ClaimLength)..];
    }

    private IQueryable<Notification> Claimable(DateTime now)
    {
        var stale = now - ClaimTimeout;
        return db.Notifications.Where(n =>
            (n.EmailStatus == EmailStatus.Pending && n.NextAttemptAt <= now)
            || (n.EmailStatus == EmailStatus.Sending && n.ClaimedAt < stale));
    }

    /// <summary>
    /// The claim: the first <see cref="BatchSize"/> claimable ids, each taken only if the row is still claimable when
    /// the update reaches it (the condition is on the updated row itself, so a row another sender stamped meanwhile is skipped).
    /// </summary>
    private Task<int> ClaimBatchAsync(string token, DateTime now, CancellationToken ct)
    {
        var first = Claimable(now).OrderBy(n => n.Id).Select(n => n.Id).Take(BatchSize);
        return Claimable(now).Where(n => first.Contains(n.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailStatus, EmailStatus.Sending)
            .SetProperty(n => n.ClaimedBy, token)
            .SetProperty(n => n.ClaimedAt, now)
            .SetProperty(n => n.EmailAttempts, n => n.EmailAttempts + 1), ct);
    }

    /// <returns>The emails sent; whether the SMTP server could not be reached at all.</returns>
    private async Task<(int Sent, bool ServerDown)> SendClaimedAsync(string token, MailboxAddress from, Connection connection, CancellationToken ct)
    {
        var messages = await (from n in db.Notifications.AsNoTracking()
                              join u in db.Users on n.RecipientId equals u.Id
                              where n.EmailStatus == EmailStatus.Sending && n.ClaimedBy == token
                              orderby n.Id
                              select new { n.Id, n.Title, n.Body, n.EmailAttempts, u.Email, u.DisplayName }).ToListAsync(ct);
        var sentCount = 0;
        var failed = new List<(long Id, int Attempts, string Error)>();
        var serverDown = false;
        try
        {
            foreach (var m in messages)
            {
                if (serverDown)
                {
                    failed.Add((m.Id, m.EmailAttempts, failed[^1].Error));
                    continue;
                }
                MailSession session;
                try
                {
                    session = await connection.OpenAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("The mail server cannot be reached (notification {Id}, attempt {Attempt}): {Error}", m.Id, m.EmailAttempts, e.Message);
                    failed.Add((m.Id, m.EmailAttempts, e.Message));
                    serverDown = true;
                    continue;
                }
                try
                {
                    await session.SendAsync(Compose(m.Id, m.Title, m.Body, m.Email!, m.DisplayName, from), ct);
                    // Marked before the next one goes: a crash re-sends at most this one email (same Message-ID).
                    await MarkSentAsync(token, [m.Id]);
                    sentCount++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("Email of notification {Id} failed (attempt {Attempt}): {Error}", m.Id, m.EmailAttempts, e.Message);
                    failed.Add((m.Id, m.EmailAttempts, e.Message));
                    // The next message tries a fresh connection.
                    await connection.ResetAsync();
                }
            }
        }
        finally
        {
            // Even when cancelled midway: what failed goes back with its attempt counted.
            await MarkFailedAsync(token, failed);
        }
        return (sentCount, serverDown);
    }

    private async Task MarkSentAsync(string token, List<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var now = time.UtcNow();
        await db.Notifications.Where(n => ids.Contains(n.Id) && n.ClaimedBy == token).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailStatus, EmailStatus.Sent)
            .SetProperty(n => n.SentAt, now)
            .SetProperty(n => n.LastError, (string?)null), CancellationToken.None);
    }

    /// <summary>Back to Pending with a backoff, or Failed after the last attempt: one statement per attempt count and error.</summary>
    private async Task MarkFailedAsync(string token, List<(long Id, int Attempts, string Error)> failed)
    {
        foreach (var group in failed.GroupBy(f => (f.Attempts, f.Error)))
        {
            var ids = group.Select(f => f.Id).ToList();
            var (attempts, error) = group.Key;
            var giveUp = attempts >= MaxAttempts;
            var next = time.UtcNow() + Backoff(attempts);
            var message = error.Length <= FieldLengths.Note ? error : error[..FieldLengths.Note];
            await db.Notifications.Where(n => ids.Contains(n.Id) && n.ClaimedBy == token).ExecuteUpdateAsync(s => s
                .SetProperty(n => n.EmailStatus, giveUp ? EmailStatus.Failed : EmailStatus.Pending)
                .SetProperty(n => n.NextAttemptAt, giveUp ? null : next)
                .SetProperty(n => n.LastError, message)
                .SetProperty(n => n.ClaimedBy, (string?)null)
                .SetProperty(n => n.ClaimedAt, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>One SMTP connection for the whole call, opened when first needed, opened afresh after a failure.</summary>
    private sealed class Connection(MailTransport transport) : IAsyncDisposable
    {
        private MailSession? _session;

        public async Task<MailSession> OpenAsync(CancellationToken ct) => _session ??= await transport.OpenAsync(ct);

        public async Task ResetAsync()
        {
            if (_session is not null)
            {
                await _session.DisposeAsync();
                _session = null;
            }
        }

        public ValueTask DisposeAsync() => new(ResetAsync());
    }

    private static MimeMessage Compose(long id, string title, string body, string email, string name, MailboxAddress from)
    {
        var text = new TextPart("plain") { Text = body };
        // UTF-8 text encoded for a 7-bit path (base64 or quoted-printable, whichever is shorter; plain ASCII stays as
        // it is): no relay or pickup reader has to carry raw 8-bit bytes, and no byte of the text can pass as a line end.
        text.ContentTransferEncoding = text.GetBestEncoding(EncodingConstraint.SevenBit);
        var message = new MimeMessage
        {
            // The same id on every attempt: a copy sent again after a crash is the same message to the reader's client.
            MessageId = Notification.MessageIdFor(id),
            Subject = title,
            Body = text,
        };
        // A copy per message: an address object subscribes each message it is added to, and would keep them all alive.
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(new MailboxAddress(name, email));
        return message;
    }
}
