using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// Every log entry the host writes at an enabled level, kept for a test to read (<see cref="CrmApp.Log"/>). The host's
/// own level settings (<c>Logging:LogLevel:*</c>) decide what reaches it.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IEnumerable<Entry> AtLeast(LogLevel level) => Entries.Where(e => e.Level >= level);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, EventId Event, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category} [{Event.Name ?? Event.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}]: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
