using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Hangfire;

namespace Crm.Web.Jobs;

/// <summary>Queues the outbox job once (fire-and-forget) when a job has stored emails, so they leave at once.</summary>
public sealed class HangfireOutboxTrigger(IBackgroundJobClient client, ILogger<HangfireOutboxTrigger> log) : IOutboxTrigger
{
    public void RunSoon()
    {
        try
        {
            RecurringJobs.Enqueue(client, JobNames.EmailOutbox, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The notifications are stored; the every-minute run sends them.
            log.LogWarning(e, "Could not queue the email outbox; the next scheduled run sends.");
        }
    }
}
