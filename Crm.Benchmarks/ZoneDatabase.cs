using System.Diagnostics;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Demo.Generation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Benchmarks;

/// <summary>
/// The generated zone the run measures. On SQLite it is cached under artifacts/bench/ and regenerated when the size,
/// seed, zone date, migrations or <see cref="GeneratorVersion"/> differ; each run works on a fresh copy of it.
/// On PostgreSQL the database of the connection string is emptied and generated again unless its stamp matches.
/// </summary>
public sealed class ZoneDatabase
{
    /// <summary>Bump when the generator's output changes, so cached zones are made again.</summary>
    public const int GeneratorVersion = 1;

    private ZoneDatabase(BenchOptions options, DateOnly today, string connectionString, string description)
    {
        Options = options;
        Today = today;
        ConnectionString = connectionString;
        Description = description;
    }

    public BenchOptions Options { get; }
    public DateOnly Today { get; }
    /// <summary>The database the in-process host uses (a copy on SQLite).</summary>
    public string ConnectionString { get; }
    public string Description { get; }
    public DatabaseProvider Provider => Options.Provider;

    /// <summary>A fresh SQLite copy of the cached zone for another process.</summary>
    public string CopyFor(string name)
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return ConnectionString;
        }
        var target = Path.Combine(Options.ArtifactsFolder, $"{name}.db");
        Copy(CachePath(Options, Today), target);
        return $"Data Source={target}";
    }

    public static async Task<ZoneDatabase> PrepareAsync(BenchOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(options.ArtifactsFolder);
        // The zone's today is the real one, so a browser's cookies and the host's clock agree; the cache is per day.
        var today = ZoneTime.ToZoneDate(DateTime.UtcNow);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var cache = CachePath(options, today);
            var stampFile = cache + ".stamp";
            var connection = $"Data Source={cache}";
            var stamp = await StampAsync(options, connection, ct);
            string description;
            if (File.Exists(cache) && File.Exists(stampFile) && (await File.ReadAllTextAsync(stampFile, ct)).StartsWith(stamp, StringComparison.Ordinal))
            {
                description = (await File.ReadAllTextAsync(stampFile, ct))[stamp.Length..].Trim() + " (cached)";
            }
            else
            {
                foreach (var old in Directory.GetFiles(options.ArtifactsFolder, $"zone-{options.Size}-s{options.Seed}-*"))
                {
                    File.Delete(old);
                }
                SqliteConnection.ClearAllPools();
                description = await GenerateAsync(options, connection, today, ct);
                SqliteConnection.ClearAllPools();
                await File.WriteAllTextAsync(stampFile, stamp + "\n" + description, ct);
            }
            var run = Path.Combine(options.ArtifactsFolder, "run.db");
            Copy(cache, run);
            return new ZoneDatabase(options, today, $"Data Source={run}", description);
        }

        var pgStamp = await StampAsync(options, options.Connection!, ct) + $"|{today:O}";
        var existing = await ReadPostgreSqlStampAsync(options.Connection!, ct);
        string pgDescription;
        if (existing is not null && existing.StartsWith(pgStamp, StringComparison.Ordinal))
        {
            pgDescription = existing[pgStamp.Length..].Trim() + " (cached)";
        }
        else
        {
            await using (var db = CreateContext(options.Provider, options.Connection!))
            {
                await db.Database.ExecuteSqlRawAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", ct);
            }
            pgDescription = await GenerateAsync(options, options.Connection!, today, ct);
            await using var db2 = CreateContext(options.Provider, options.Connection!);
            await db2.Database.ExecuteSqlRawAsync("CREATE TABLE bench_stamp (stamp text NOT NULL)", ct);
            await db2.Database.ExecuteSqlAsync($"INSERT INTO bench_stamp (stamp) VALUES ({pgStamp + "\n" + pgDescription})", ct);
        }
        return new ZoneDatabase(options, today, options.Connection!, pgDescription);
    }

    public static CrmDbContext CreateContext(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.PostgreSql => new PostgreSqlCrmDbContext(new DbContextOptionsBuilder<PostgreSqlCrmDbContext>().UseNpgsql(connectionString).Options),
        _ => new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()).Options),
    };

    private static async Task<string> GenerateAsync(BenchOptions options, string connectionString, DateOnly today, CancellationToken ct)
    {
        Console.WriteLine($"Generating a zone of {options.Size:N0} deals (seed {options.Seed}, today {today:yyyy-MM-dd}) on {options.Provider}…");
        var clock = Stopwatch.StartNew();
        await using var db = CreateContext(options.Provider, connectionString);
        await db.Database.MigrateAsync(ct);
        var migrated = clock.Elapsed;
        var zone = await new ZoneGenerator(db).GenerateAsync(new ZoneGeneratorOptions { Deals = options.Size, Seed = options.Seed, Today = today }, ct);
        var description = $"{zone.Deals:N0} deals, {zone.Companies:N0} companies, {zone.Contacts:N0} contacts, {zone.StageChanges:N0} stage changes, "
            + $"{zone.Activities:N0} activities, {zone.Referrals:N0} referrals, {zone.Users.Count} users; generated in {zone.Took.TotalSeconds:0.0} s "
            + $"(of which writing {zone.Writing.TotalSeconds:0.0} s) "
            + $"(+ {migrated.TotalSeconds:0.0} s migrations) on {options.Provider}";
        Console.WriteLine(description);
        return description;
    }

    private static async Task<string> StampAsync(BenchOptions options, string connectionString, CancellationToken ct)
    {
        await using var db = CreateContext(options.Provider, connectionString);
        var migrations = string.Join(",", db.Database.GetMigrations());
        await Task.CompletedTask;
        ct.ThrowIfCancellationRequested();
        return $"v{GeneratorVersion}|{options.Size}|{options.Seed}|{migrations}";
    }

    private static async Task<string?> ReadPostgreSqlStampAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT stamp FROM bench_stamp LIMIT 1";
        try
        {
            return await command.ExecuteScalarAsync(ct) as string;
        }
        catch (Npgsql.PostgresException)
        {
            return null;
        }
    }

    private static string CachePath(BenchOptions options, DateOnly today) =>
        Path.Combine(options.ArtifactsFolder, $"zone-{options.Size}-s{options.Seed}-{today:yyyyMMdd}.db");

    private static void Copy(string from, string to)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(to + suffix);
        }
        // The cache was closed cleanly (its WAL checkpointed), so the main file is the whole database.
        File.Copy(from, to, overwrite: true);
    }
}
