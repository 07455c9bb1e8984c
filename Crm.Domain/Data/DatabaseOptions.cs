using Microsoft.Extensions.Configuration;

namespace Crm.Domain.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ProviderKey = Section + ":" + nameof(Provider);

    /// <summary><c>Sqlite</c> (default), <c>SqlServer</c> or <c>PostgreSql</c>.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    public bool IsSqlServer => Provider == DatabaseProvider.SqlServer;

    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    /// <summary>The one provider that lives in a local file: one process, in-memory jobs, pragmas.</summary>
    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// The provider is chosen while services are registered, before options validation could run, so it is read
    /// here and a value that names no provider stops the host: a typo must not run production on a local SQLite file.
    /// Names only (any case); a number is refused too, it would pin the meaning to the members' order.
    /// </summary>
    public static DatabaseOptions From(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new DatabaseOptions();
        }
        var names = Enum.GetNames<DatabaseProvider>();
        var name = names.FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"{ProviderKey} is '{value}', which names no database provider. Allowed values: {string.Join(", ", names)}.");
        return new DatabaseOptions { Provider = Enum.Parse<DatabaseProvider>(name) };
    }
}
