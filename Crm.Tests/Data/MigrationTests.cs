using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Crm.Tests.Data;

/// <summary>Both migration sets, checked offline: no SQL Server is needed for any of this.</summary>
public sealed class MigrationTests
{
    private static SqliteCrmDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static SqlServerCrmDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerCrmDbContext>()
            .UseSqlServer("Server=localhost;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True").Options);

    [Test]
    public void Sqlite_model_has_no_pending_changes()
    {
        using var db = Sqlite();
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run build.ps1 -Target AddMigration");
    }

    [Test]
    public void SqlServer_model_has_no_pending_changes()
    {
        using var db = SqlServer();
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run build.ps1 -Target AddMigration");
    }

    [Test]
    public void Each_context_sees_only_its_own_migrations()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();
        var sqliteTypes = MigrationTypes(sqlite);
        var sqlServerTypes = MigrationTypes(sqlServer);

        Assert.Multiple(() =>
        {
            Assert.That(sqlite.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(sqlServer.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(sqliteTypes.Intersect(sqlServerTypes), Is.Empty);
            Assert.That(sqliteTypes.Select(t => t.Namespace), Has.All.EqualTo("Crm.Domain.Data.Migrations.Sqlite"));
            Assert.That(sqlServerTypes.Select(t => t.Namespace), Has.All.EqualTo("Crm.Domain.Data.Migrations.SqlServer"));
            // The same migration names on both sides: they are added together.
            Assert.That(sqlite.Database.GetMigrations().Select(Name), Is.EqualTo(sqlServer.Database.GetMigrations().Select(Name)));
        });
    }

    [Test]
    public void SqlServer_idempotent_script_parses_without_errors()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.That(script, Does.Contain("CREATE TABLE [Deals]"));

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);

        Assert.That(errors.Select(e => $"line {e.Line}: {e.Message}"), Is.Empty);
    }

    private static Type[] MigrationTypes(DbContext db) =>
        db.GetService<IMigrationsAssembly>().Migrations.Values.Select(t => t.AsType()).ToArray();

    /// <summary>"20261128220057_Initial" → "Initial".</summary>
    private static string Name(string id) => id[(id.IndexOf('_') + 1)..];
}
