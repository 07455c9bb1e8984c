namespace Crm.Domain.Notifications;

/// <summary>
/// Asks for the email outbox to run now rather than at its next scheduled minute. The host with a job server
/// queues the outbox job (Crm.Web/Jobs); without one nothing happens and the schedule sends. Never throws:
/// the rows are stored already and the every-minute run is the safety net.
/// </summary>
public interface IOutboxTrigger
{
    void RunSoon();
}

/// <summary>No job server to ask: the every-minute run sends.</summary>
public sealed class ScheduledOutboxOnly : IOutboxTrigger
{
    public void RunSoon()
    {
    }
}
