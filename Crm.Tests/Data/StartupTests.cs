using Crm.Domain.Data;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Data;

public sealed class StartupTests
{
    [Test]
    public async Task Host_on_an_empty_database_migrates_it_and_sets_the_pragmas()
    {
        using var app = new CrmApp();
        Assert.That(File.Exists(app.DatabasePath), Is.False, "the test starts from nothing");
        _ = app.Services; // starts the host

        await app.WithDbAsync(async db =>
        {
            Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
            Assert.That(await db.Database.GetAppliedMigrationsAsync(), Is.Not.Empty);
            Assert.That(await db.Desks.Select(d => d.Code).ToListAsync(),
                Is.EquivalentTo(new[] { DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, DeskCodes.ZoneOffice }));
            Assert.That(await db.Roles.Select(r => r.Name).ToListAsync(), Is.EquivalentTo(Roles.All));

            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                await Assert.MultipleAsync(async () =>
                {
                    Assert.That(await PragmaAsync(connection, "journal_mode"), Is.EqualTo("wal").IgnoreCase);
                    Assert.That(long.Parse(await PragmaAsync(connection, "busy_timeout"), System.Globalization.CultureInfo.InvariantCulture),
                        Is.GreaterThanOrEqualTo(5000));
                    Assert.That(await PragmaAsync(connection, "foreign_keys"), Is.EqualTo("1"));
                });
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
        Assert.That(File.Exists(app.DatabasePath), Is.True);
    }

    [Test]
    public async Task Quick_start_host_in_development_seeds_the_demo_zone_into_an_empty_database_with_the_pragmas_set()
    {
        // As `dotnet run --project Crm.Web` starts it: Development, no Demo:Seed setting.
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Demo:Seed"] = null }) { EnvironmentName = "Development" };
        _ = app.Services;

        await app.WithDbAsync(async db =>
        {
            Assert.That(await db.Deals.CountAsync(), Is.GreaterThanOrEqualTo(55));
            Assert.That(await db.Users.CountAsync(u => u.Email == "manager@zone.demo"), Is.EqualTo(1));
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.That(await PragmaAsync(connection, "journal_mode"), Is.EqualTo("wal").IgnoreCase);
                Assert.That(long.Parse(await PragmaAsync(connection, "busy_timeout"), System.Globalization.CultureInfo.InvariantCulture),
                    Is.GreaterThanOrEqualTo(5000));
                Assert.That(await PragmaAsync(connection, "foreign_keys"), Is.EqualTo("1"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    [Test]
    public async Task Host_does_not_seed_the_demo_zone_when_not_asked()
    {
        using var app = new CrmApp();
        Assert.That(await app.WithDbAsync(db => db.Deals.CountAsync()), Is.Zero);
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
