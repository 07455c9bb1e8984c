using Crm.Domain.Data;
using Microsoft.Extensions.Options;

namespace Crm.Web.Hosting;

public static class DatabaseStartup
{
    /// <summary>The <c>Demo</c> section, read at start: a value that is no boolean stops the host.</summary>
    public static IServiceCollection AddDatabaseStartup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section)).ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Migrates the database and asserts the SQLite pragmas; seeds the demo zone in Development or with
    /// <c>Demo:Seed=true</c>, never otherwise.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        var seed = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value.Seed ?? app.Environment.IsDevelopment();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seed, app.Lifetime.ApplicationStopping);
    }
}
