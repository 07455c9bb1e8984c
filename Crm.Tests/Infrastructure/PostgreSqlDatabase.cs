using Npgsql;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the real PostgreSQL server named by <c>CRM_TEST_POSTGRES</c>, dropped when disposed.
/// Without a reachable server the calling test is ignored with the reason; under <c>CI=true</c> it fails instead,
/// so CI never passes by skipping. Hosts on it: <see cref="Settings"/> for a <see cref="CrmApp"/>.
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncDisposable
{
    public const string ConnectionVariable = "CRM_TEST_POSTGRES";

    private readonly NpgsqlConnectionStringBuilder _server;

    private PostgreSqlDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>Creates the database, or ignores (outside CI) / fails (in CI) the test when no server answers.</summary>
    public static async Task<PostgreSqlDatabase> CreateAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionVariable);
        NpgsqlConnectionStringBuilder? server = null;
        string? reason = null;
        if (string.IsNullOrWhiteSpace(configured))
        {
            reason = $"{ConnectionVariable} is not set.";
        }
        else
        {
            server = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres", Pooling = false };
            try
            {
                await ExecuteAsync(server, "SELECT 1");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                reason = $"No PostgreSQL server at {server.Host}:{server.Port} ({ConnectionVariable}): {e.Message}";
            }
        }
        if (reason is not null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason);
            }
            Assert.Ignore(reason);
        }
        var name = $"crm_test_{Guid.NewGuid():N}";
        await ExecuteAsync(server!, $"CREATE DATABASE \"{name}\"");
        return new PostgreSqlDatabase(server!, name);
    }

    /// <summary>The settings of a host on this database (jobs off unless asked), beside <paramref name="more"/>.</summary>
    public Dictionary<string, string?> Settings(bool jobs = false, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Crm"] = ConnectionString,
            ["Jobs:Enabled"] = jobs ? "true" : "false",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>A host on this database.</summary>
    public CrmApp App(TimeProvider? time = null, bool jobs = false, IDictionary<string, string?>? more = null) =>
        new(time, Settings(jobs, more));

    /// <summary>
    /// A host on a fresh database of its own that is dropped when the host is disposed: for a fixture written for
    /// <see cref="CrmApp"/> whose subclass runs it on PostgreSQL. Ignores or fails the caller as <see cref="CreateAsync"/>.
    /// </summary>
    public static CrmApp OwnHost(TimeProvider? time = null, bool jobs = false, IDictionary<string, string?>? more = null)
    {
        var database = CreateAsync().GetAwaiter().GetResult();
        return new OwningApp(database, time, database.Settings(jobs, more));
    }

    public async ValueTask DisposeAsync() => await DropAsync();

    /// <summary>Drops the database (for a fixture that creates it in <c>[SetUp]</c> and drops it in <c>[TearDown]</c>).</summary>
    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class OwningApp(PostgreSqlDatabase database, TimeProvider? time, IDictionary<string, string?> settings) : CrmApp(time, settings)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
