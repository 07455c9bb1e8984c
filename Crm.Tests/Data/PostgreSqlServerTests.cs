using System.Net.Http.Json;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Tests.Data;

/// <summary>
/// The real host on a real PostgreSQL server (<c>CRM_TEST_POSTGRES</c>), each test on a database of its own, created
/// empty and dropped after. Without a reachable server the tests are ignored with the reason; under <c>CI=true</c>
/// a missing server fails them.
/// </summary>
[Category("Server")]
[NonParallelizable] // one test runs Hangfire, which keeps process-wide state
public sealed class PostgreSqlServerTests
{
    public const string ConnectionVariable = "CRM_TEST_POSTGRES";

    private NpgsqlConnectionStringBuilder _server = null!;
    private string _database = null!;

    [SetUp]
    public async Task ReachTheServer()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionVariable);
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        string? reason = null;
        if (string.IsNullOrWhiteSpace(configured))
        {
            reason = $"{ConnectionVariable} is not set.";
        }
        else
        {
            _server = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres", Pooling = false };
            try
            {
                await using var connection = new NpgsqlConnection(_server.ConnectionString);
                await connection.OpenAsync();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                reason = $"No PostgreSQL server at {_server.Host}:{_server.Port} ({ConnectionVariable}): {e.Message}";
            }
        }
        if (reason is not null)
        {
            if (inCi)
            {
                Assert.Fail(reason);
            }
            Assert.Ignore(reason);
        }
        _database = $"crm_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{_database}\"");
    }

    [TearDown]
    public async Task DropTheDatabase()
    {
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
    }

    [Test]
    public async Task The_host_migrates_an_empty_database_and_a_deal_is_created_and_listed()
    {
        using var app = OnTheServer();

        var applied = await app.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());
        var known = await app.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations()));
        var (_, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await client.CreateDealAsync();
        var page = await (await client.GetAsync("/api/v1/deals")).ReadAsync<DealPage>();

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.EqualTo(known));
            Assert.That(applied.First(), Does.EndWith("_Initial"));
            Assert.That(page.Items.Select(d => d.Id), Is.EqualTo(new[] { deal.Id }));
            Assert.That(page.Items[0].Title, Is.EqualTo(deal.Title));
        });
    }

    [Test]
    public async Task A_second_credit_code_is_a_unique_violation_the_domain_recognises_and_nulls_never_collide()
    {
        using var app = OnTheServer();
        var code = "91440300MA5FTEST01";

        await app.WithDbAsync(async db =>
        {
            db.Companies.AddRange(NewCompany(code), NewCompany(null), NewCompany(null));
            await db.SaveChangesAsync();
        });
        var failure = Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Companies.Add(NewCompany(code));
            await db.SaveChangesAsync();
        }));

        Assert.That(NotificationWriter.IsUniqueViolation(failure!), Is.True, failure!.InnerException?.Message);
    }

    [Test]
    public async Task A_host_with_jobs_on_keeps_hangfire_in_the_database()
    {
        using var app = OnTheServer(jobs: true);
        _ = app.Services;

        var tables = await app.WithDbAsync(db => db.Database
            .SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'")
            .ToListAsync());

        Assert.That(tables, Does.Contain("job").And.Contain("server"));
    }

    private CrmApp OnTheServer(bool jobs = false) => new(settings: new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Crm"] = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = _database, Pooling = true }.ConnectionString,
        ["Jobs:Enabled"] = jobs ? "true" : "false",
    });

    private static Company NewCompany(string? creditCode) => new()
    {
        Name = TestData.Unique("深圳测试科技有限公司"),
        CreditCode = creditCode,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
