using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Crm.Tests.Data;

/// <summary>The three migration sets, checked offline: no SQL Server or PostgreSQL is needed for any of this.</summary>
public sealed class MigrationTests
{
    private static SqliteCrmDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static SqlServerCrmDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerCrmDbContext>()
            .UseSqlServer("Server=localhost;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True").Options);

    private static PostgreSqlCrmDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlCrmDbContext>().UseNpgsql("Host=localhost;Database=crm;Username=crm").Options);

    /// <summary>
    /// PostgreSQL came after these SQLite and SQL Server migrations, so its Initial captures the model up to here;
    /// every migration after it is added to all three under the same name.
    /// </summary>
    private const string PostgreSqlBaseline = "QuarterTargets";

    /// <summary>
    /// The SQLite host runs on the compiled model; it must be the model the code builds (build.ps1 regenerates it with
    /// each migration): the same tables, columns and their types, keys, foreign keys and indexes.
    /// </summary>
    [Test]
    public void The_compiled_SQLite_model_is_the_model_the_code_builds()
    {
        using var built = Sqlite();
        var designed = built.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
        var compiled = Crm.Domain.Data.CompiledModels.Sqlite.SqliteCrmDbContextModel.Instance;

        Assert.That(Shape(compiled), Is.EquivalentTo(Shape(designed)),
            "regenerate it: dotnet ef dbcontext optimize --context SqliteCrmDbContext --output-dir Data/CompiledModels/Sqlite "
            + "--namespace Crm.Domain.Data.CompiledModels.Sqlite --project Crm.Domain --startup-project Crm.Web");
    }

    private static IEnumerable<string> Shape(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        model.GetEntityTypes().SelectMany(e => e.GetProperties()
                .Select(p => $"{e.GetTableName()}.{p.GetColumnName()} {p.ClrType.Name} null={p.IsNullable} computed={p.GetComputedColumnSql()} max={p.GetMaxLength()}")
            .Concat(e.GetKeys().Select(k => $"{e.GetTableName()} key ({string.Join(",", k.Properties.Select(p => p.Name))})"))
            .Concat(e.GetForeignKeys().Select(f => $"{e.GetTableName()} fk ({string.Join(",", f.Properties.Select(p => p.Name))}) -> {f.PrincipalEntityType.GetTableName()} {f.DeleteBehavior}"))
            .Concat(e.GetIndexes().Select(i => $"{e.GetTableName()} index {i.GetDatabaseName()} ({string.Join(",", i.Properties.Select(p => p.Name))}) unique={i.IsUnique}")));

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
    public void PostgreSql_model_has_no_pending_changes()
    {
        using var db = PostgreSql();
        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "run build.ps1 -Target AddMigration");
    }

    [Test]
    public void Each_context_sees_only_its_own_migrations()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();
        using var postgreSql = PostgreSql();
        var sqliteTypes = MigrationTypes(sqlite);
        var sqlServerTypes = MigrationTypes(sqlServer);
        var postgreSqlTypes = MigrationTypes(postgreSql);
        var sqliteNames = sqlite.Database.GetMigrations().Select(Name).ToList();
        var postgreSqlNames = postgreSql.Database.GetMigrations().Select(Name).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sqlite.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(sqlServer.Database.GetMigrations(), Is.Not.Empty);
            Assert.That(postgreSqlNames, Is.Not.Empty);
            Assert.That(sqliteTypes.Intersect(sqlServerTypes), Is.Empty);
            Assert.That(sqliteTypes.Intersect(postgreSqlTypes), Is.Empty);
            Assert.That(sqlServerTypes.Intersect(postgreSqlTypes), Is.Empty);
            Assert.That(sqliteTypes.Select(t => t.Namespace), Has.All.EqualTo("Crm.Domain.Data.Migrations.Sqlite"));
            Assert.That(sqlServerTypes.Select(t => t.Namespace), Has.All.EqualTo("Crm.Domain.Data.Migrations.SqlServer"));
            Assert.That(postgreSqlTypes.Select(t => t.Namespace), Has.All.EqualTo("Crm.Domain.Data.Migrations.PostgreSql"));
            // The same migration names on SQLite and SQL Server: they are added together.
            Assert.That(sqliteNames, Is.EqualTo(sqlServer.Database.GetMigrations().Select(Name)));
            // PostgreSQL starts at one Initial (the model at the baseline), then follows the others name by name.
            Assert.That(postgreSqlNames[0], Is.EqualTo("Initial"));
            Assert.That(sqliteNames, Does.Contain(PostgreSqlBaseline));
            Assert.That(postgreSqlNames.Skip(1), Is.EqualTo(sqliteNames.SkipWhile(n => n != PostgreSqlBaseline).Skip(1)));
        });
    }

    [Test]
    public void PostgreSql_script_quotes_the_credit_code_filter()
    {
        // PostgreSQL folds an unquoted CreditCode to creditcode, a column that does not exist.
        using var db = PostgreSql();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Multiple(() =>
        {
            Assert.That(script, Does.Contain("CREATE TABLE \"Deals\""));
            Assert.That(script, Does.Contain("WHERE \"CreditCode\" IS NOT NULL"));
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
