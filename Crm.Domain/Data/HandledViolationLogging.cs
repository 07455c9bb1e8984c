using Microsoft.Extensions.Logging;

namespace Crm.Domain.Data;

/// <summary>
/// EF Core logs every failed save at Error (with the exception), before the code that made it can say it expected the failure.
/// A unique violation is expected: it is how a race on a unique key ends (<see cref="UniqueKeys"/>), and every write that
/// can lose one handles it — a refusal naming the field, a retry, a row another run stored. This factory, given to EF
/// only, writes EF's entries about a unique violation at Debug and leaves every other entry as it was. A violation that
/// nothing handles still reaches the log at Error: the host logs the unhandled exception where it stops the request or job.
/// </summary>
public sealed class HandledViolationLogging(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns the factory it was given.</summary>
    public void Dispose()
    {
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel > LogLevel.Debug && exception is not null && UniqueKeys.IsViolation(exception) ? LogLevel.Debug : logLevel;
            if (level == logLevel || inner.IsEnabled(level))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }
    }
}
