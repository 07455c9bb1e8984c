using System.Net.Http.Json;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Data;

/// <summary>
/// The real host on a real PostgreSQL server (<c>CRM_TEST_POSTGRES</c>), each test on a database of its own
/// (<see cref="PostgreSqlDatabase"/>: created empty, dropped after; ignored without a server, failed under <c>CI=true</c>).
/// </summary>
[Category("Server")]
[NonParallelizable] // one test runs Hangfire, which keeps process-wide state
public sealed class PostgreSqlServerTests
{
    public const string ConnectionVariable = PostgreSqlDatabase.ConnectionVariable;

    private PostgreSqlDatabase? _database;

    [SetUp]
    public async Task CreateTheDatabase() => _database = await PostgreSqlDatabase.CreateAsync();

    [TearDown]
    public async Task DropTheDatabase()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
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

        Assert.That(Crm.Domain.Data.UniqueKeys.IsViolation(failure!), Is.True, failure!.InnerException?.Message);
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

    private CrmApp OnTheServer(bool jobs = false) => _database!.App(jobs: jobs);

    private static Company NewCompany(string? creditCode) => new()
    {
        Name = TestData.Unique("深圳测试科技有限公司"),
        CreditCode = creditCode,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };
}
