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

    [TestCase("SqlSever")]
    [TestCase("Postgres")]
    [TestCase("1")]
    public void A_database_provider_that_names_none_stops_the_host_naming_the_key_and_the_allowed_values(string provider)
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Database:Provider"] = provider });

        var failure = Assert.Catch(() => _ = app.Services);

        Assert.That(StartupFailure.Messages(failure), Does.Contain($"Database:Provider is '{provider}'").And.Contain("Allowed values: Sqlite, SqlServer, PostgreSql."));
        Assert.That(File.Exists(app.DatabasePath), Is.False, "no local SQLite file instead");
    }

    [Test]
    public async Task A_database_provider_is_read_in_any_case()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Database:Provider"] = "sqlite" });

        Assert.That(await app.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync()), Is.Not.Empty);
    }

    [TestCase("Email:Port", "0", "Email:Port must be between 1 and 65535.")]
    [TestCase("Email:TimeoutSeconds", "-5", "Email:TimeoutSeconds must be between 1 and 600.")]
    [TestCase("Email:From", "crm at zone", "Email:From is 'crm at zone', which is no mailbox")]
    [TestCase("Email:SecureSocketOptions", "Tls", "Email:SecureSocketOptions")]
    [TestCase("RateLimits:SignInsPerMinute", "0", "RateLimits:SignInsPerMinute must be at least 1.")]
    [TestCase("Demo:Seed", "yes", "Demo:Seed")]
    [TestCase("Jobs:Enabled", "on", "Jobs:Enabled")]
    public void A_setting_out_of_its_range_stops_the_host_naming_the_key(string key, string value, string expected)
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Catch(() => _ = app.Services);

        Assert.That(StartupFailure.Messages(failure), Does.Contain(expected));
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
