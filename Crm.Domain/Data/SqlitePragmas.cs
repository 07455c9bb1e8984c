using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Domain.Data;

/// <summary>
/// Per-connection SQLite settings: wait for a lock instead of failing with "database is locked", and
/// enforce foreign keys. WAL is a property of the file and is set once at startup.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const int BusyTimeoutMs = 10_000;
    private const string PerConnection = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    /// <summary>
    /// The native connections already set up. Microsoft.Data.Sqlite pools them, and a pooled one keeps its settings,
    /// so the pragmas run once per native connection, not on every open.
    /// </summary>
    private static readonly ConditionalWeakTable<object, object> Ready = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = PerConnection;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PerConnection;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Ready.TryAdd(handle, PerConnection);

    /// <summary>
    /// Lets SQLite gather the statistics its planner needs to pick the list indexes over a scan (ANALYZE where a table
    /// has none or changed much, with a bounded sample): at start-up, and after a bulk load.
    /// </summary>
    public static async Task OptimizeAsync(CrmDbContext db, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize = 0x10002;", ct);

    /// <summary>Sets WAL and checks that every pragma the product relies on is in force; throws if not.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnsureAsync(CrmDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                await wal.ExecuteScalarAsync(ct);
            }
            var values = new Dictionary<string, string>();
            foreach (var pragma in new[] { "journal_mode", "busy_timeout", "foreign_keys" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {pragma};";
                values[pragma] = Convert.ToString(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            if (!string.Equals(values["journal_mode"], "wal", StringComparison.OrdinalIgnoreCase)
                || int.Parse(values["busy_timeout"], System.Globalization.CultureInfo.InvariantCulture) < 5000
                || values["foreign_keys"] != "1")
            {
                throw new InvalidOperationException(
                    $"SQLite is not set up as required: journal_mode={values["journal_mode"]}, busy_timeout={values["busy_timeout"]}, foreign_keys={values["foreign_keys"]}.");
            }
            return values;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
