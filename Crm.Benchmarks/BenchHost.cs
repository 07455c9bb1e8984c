using Crm.Domain.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Benchmarks;

/// <summary>The real clock moved by an offset: timers run as usual, and a job row can stand on another day.</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;
}

/// <summary>
/// The real Crm.Web host on Kestrel (127.0.0.1, a free port) on the generated zone. The benchmark's baselines are mapped
/// under /bench by a startup filter of this host only: the product never has them.
/// </summary>
public sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public BenchHost(ZoneDatabase zone, int smtpPort)
    {
        Zone = zone;
        _settings = new()
        {
            ["Database:Provider"] = zone.Provider.ToString(),
            ["ConnectionStrings:Crm"] = zone.ConnectionString,
            ["Demo:Seed"] = "false",
            ["Jobs:Enabled"] = "false",
            ["RateLimits:SignInsPerMinute"] = "1000000",
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SecureSocketOptions"] = "None",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        };
        UseKestrel(0);
        StartServer();
    }

    public ZoneDatabase Zone { get; }
    public ShiftedTime Time { get; } = new();
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(new SqlBaselines(Zone.Provider, Zone.ConnectionString));
            services.AddTransient<IStartupFilter, BaselineEndpoints>();
        });
    }

    /// <summary>A client of its own (its own connections), as a separate benchmark client would be.</summary>
    public HttpClient NewClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 64 })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromMinutes(5),
    };

    private sealed class BaselineEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench", branch => branch.Run(context => context.RequestServices.GetRequiredService<SqlBaselines>().ServeAsync(context)));
            next(app);
        };
    }
}
