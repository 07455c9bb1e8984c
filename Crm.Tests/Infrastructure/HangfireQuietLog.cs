using Hangfire;
using Hangfire.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// Hangfire keeps one log provider for the whole process, and every host sets it to its own logger factory when it
/// first resolves Hangfire. Test hosts come and go in parallel, so a later host (or a static constructor such as
/// <c>GlobalJobFilters</c>, which fails for the rest of the run once it throws) could ask a disposed factory for a
/// logger. Each test host puts back one provider that lives as long as the process, right after Hangfire set its own.
/// </summary>
internal sealed class HangfireQuietLog : ILogProvider
{
    public static readonly HangfireQuietLog Instance = new();

    public ILog GetLogger(string name) => Quiet.Logger;

    /// <summary>Wraps the host's <see cref="IGlobalConfiguration"/> registration.</summary>
    public static void Keep(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGlobalConfiguration));
        if (registered?.ImplementationFactory is not { } factory)
        {
            return;
        }
        services.Remove(registered);
        services.AddSingleton<IGlobalConfiguration>(provider =>
        {
            var configuration = (IGlobalConfiguration)factory(provider);
            LogProvider.SetCurrentLogProvider(Instance);
            return configuration;
        });
    }

    private sealed class Quiet : ILog
    {
        public static readonly Quiet Logger = new();

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
