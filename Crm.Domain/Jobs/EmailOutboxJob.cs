using Crm.Domain.Notifications;

namespace Crm.Domain.Jobs;

/// <summary>Every minute: sends what is pending. Safe on several servers at once (claims).</summary>
public sealed class EmailOutboxJob(EmailOutbox outbox)
{
    public Task<int> RunAsync(CancellationToken ct) => outbox.SendPendingAsync(ct);
}
