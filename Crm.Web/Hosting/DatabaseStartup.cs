using Crm.Domain.Data;

namespace Crm.Web.Hosting;

public static class DatabaseStartup
{
    /// <summary>
    /// Migrates the database and asserts the SQLite pragmas; seeds the demo zone in Development or with
    /// <c>Demo:Seed=true</c>, never otherwise.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        var seed = app.Configuration.GetValue<bool?>("Demo:Seed") ?? app.Environment.IsDevelopment();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seed, app.Lifetime.ApplicationStopping);
    }
}
