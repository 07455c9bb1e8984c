namespace Crm.Tests.Infrastructure;

public static class StartupFailure
{
    /// <summary>Every message of <paramref name="failure"/> and its inner exceptions, as a person reads the start-up log.</summary>
    public static string Messages(Exception? failure)
    {
        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }
        return string.Join(Environment.NewLine, messages);
    }
}
