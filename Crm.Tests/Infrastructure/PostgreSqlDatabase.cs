using Npgsql;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL server of <c>CRM_TEST_POSTGRES</c>, created empty and dropped with
/// <see cref="DropAsync"/>. Without a reachable server the test is ignored with the reason; under <c>CI=true</c> a
/// missing server fails it. Call <see cref="CreateAsync"/> from a <c>[SetUp]</c> and <see cref="DropAsync"/> from a <c>[TearDown]</c>.
/// </summary>
public sealed class PostgreSqlDatabase
{
    public const string ConnectionVariable = "CRM_TEST_POSTGRES";

    private readonly NpgsqlConnectionStringBuilder _server;

    private PostgreSqlDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The connection string of this database (pooled, as the host uses it).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = Name, Pooling = true }.ConnectionString;

    /// <summary>The host settings that put a <see cref="CrmApp"/> (or a job world) on this database.</summary>
    public Dictionary<string, string?> Settings(bool jobs = false) => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Crm"] = ConnectionString,
        ["Jobs:Enabled"] = jobs ? "true" : "false",
    };

    public static async Task<PostgreSqlDatabase> CreateAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionVariable);
        string? reason = null;
        NpgsqlConnectionStringBuilder? server = null;
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
        var database = new PostgreSqlDatabase(server!, $"crm_test_{Guid.NewGuid():N}");
        await ExecuteAsync(server!, $"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

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
}
