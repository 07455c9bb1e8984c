using Crm.Domain.Demo;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Domain.Data;

/// <summary>Brings the database to the current schema at startup and, when asked, seeds the demo zone.</summary>
public sealed class DatabaseInitializer(
    CrmDbContext db, DatabaseOptions options, RoleManager<IdentityRole> roles, DemoSeeder demo, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool seedDemo, CancellationToken ct)
    {
        if (options.IsSqlite)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(db.Database.GetDbConnection().DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using (await StartupLock.AcquireAsync(db, options, ct))
        {
            await MigrateAndCreateRolesAsync(ct);
        }

        if (seedDemo)
        {
            await demo.SeedAsync(ct);
        }

        if (options.IsSqlite)
        {
            await SqlitePragmas.OptimizeAsync(db, ct);
        }
    }

    private async Task MigrateAndCreateRolesAsync(CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (options.IsSqlite)
        {
            var pragmas = await SqlitePragmas.EnsureAsync(db, ct);
            logger.LogInformation("SQLite ready: {Pragmas}", string.Join(", ", pragmas.Select(p => $"{p.Key}={p.Value}")));
        }

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                try
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
                catch (DbUpdateException e) when (UniqueKeys.IsViolation(e))
                {
                    // Another instance starting on the same empty database created it in between: it exists, as wanted.
                    db.ChangeTracker.Clear();
                }
            }
        }
    }
}
