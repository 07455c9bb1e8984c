using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Domain.Search;

/// <summary>
/// Every piece of raw SQL the search needs, per provider (docs/search.md). The AddSearchIndex migration of each provider
/// calls its method; every statement is idempotent, so a later migration that rebuilds one of the indexed tables (SQLite
/// drops a table's triggers with it) calls <see cref="Sqlite"/> again to restore them and re-read the rows.
/// </summary>
public static class SearchSql
{
    /// <summary>One SQLite FTS5 table over one table's text columns: external content, kept in step by triggers.</summary>
    public sealed record FtsTable(string Name, string Source, IReadOnlyList<string> Columns);

    public static readonly FtsTable Activities = new("SearchActivities", "Activities", ["Summary"]);
    public static readonly FtsTable Deals = new("SearchDeals", "Deals", ["Title"]);
    public static readonly FtsTable Companies = new("SearchCompanies", "Companies", ["Name", "CreditCode"]);
    public static readonly FtsTable Contacts = new("SearchContacts", "Contacts", ["Name", "Phone", "WeChat", "Email"]);
    public static readonly FtsTable Documents = new("SearchDocuments", "Documents", ["FileName"]);

    /// <summary>The SQLite full-text tables. A new searchable table adds one here.</summary>
    public static readonly IReadOnlyList<FtsTable> SqliteTables = [Activities, Deals, Companies, Contacts, Documents];

    /// <summary>The PostgreSQL trigram indexes: (table, column) for each text column the search reads with ILIKE.</summary>
    public static readonly IReadOnlyList<(string Table, string Column)> PostgreSqlColumns =
    [
        ("Activities", "Summary"), ("Deals", "Title"), ("Companies", "Name"), ("Companies", "CreditCode"),
        ("Contacts", "Name"), ("Contacts", "Phone"), ("Contacts", "WeChat"), ("Contacts", "Email"), ("Organizations", "Name"),
        ("Documents", "FileName"),
    ];

    /// <summary>The rowids of <paramref name="table"/>'s rows containing the phrase passed as parameter {0} (any fragment of 3+ characters).</summary>
    public static string SqliteMatch(FtsTable table) => $"SELECT rowid AS \"Value\" FROM \"{table.Name}\" WHERE \"{table.Name}\" MATCH {{0}}";

    /// <summary>A fragment as an FTS5 phrase: quoted, so no character of it is query syntax.</summary>
    public static string SqlitePhrase(string fragment) => "\"" + fragment.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static void Sqlite(MigrationBuilder migration)
    {
        foreach (var statement in SqliteTables.SelectMany(SqliteStatements))
        {
            migration.Sql(statement);
        }
    }

    public static void SqliteDown(MigrationBuilder migration)
    {
        foreach (var t in SqliteTables)
        {
            foreach (var trigger in new[] { "ai", "ad", "au" })
            {
                migration.Sql($"DROP TRIGGER IF EXISTS \"{t.Name}_{trigger}\";");
            }
            migration.Sql($"DROP TABLE IF EXISTS \"{t.Name}\";");
        }
    }

    public static IEnumerable<string> SqliteStatements(FtsTable t)
    {
        var columns = string.Join(", ", t.Columns.Select(c => $"\"{c}\""));
        string Values(string row) => string.Join(", ", t.Columns.Select(c => $"{row}.\"{c}\""));
        var insert = $"INSERT INTO \"{t.Name}\"(rowid, {columns}) VALUES (new.\"Id\", {Values("new")});";
        var delete = $"INSERT INTO \"{t.Name}\"(\"{t.Name}\", rowid, {columns}) VALUES ('delete', old.\"Id\", {Values("old")});";
        yield return $"CREATE VIRTUAL TABLE IF NOT EXISTS \"{t.Name}\" USING fts5({columns}, content='{t.Source}', content_rowid='Id', tokenize='trigram');";
        yield return $"CREATE TRIGGER IF NOT EXISTS \"{t.Name}_ai\" AFTER INSERT ON \"{t.Source}\" BEGIN {insert} END;";
        yield return $"CREATE TRIGGER IF NOT EXISTS \"{t.Name}_ad\" AFTER DELETE ON \"{t.Source}\" BEGIN {delete} END;";
        // Only a change of an indexed column touches the index: a deal's every move updates the row.
        yield return $"CREATE TRIGGER IF NOT EXISTS \"{t.Name}_au\" AFTER UPDATE OF {columns} ON \"{t.Source}\" BEGIN {delete} {insert} END;";
        yield return $"INSERT INTO \"{t.Name}\"(\"{t.Name}\") VALUES ('rebuild');";
    }

    public static void PostgreSql(MigrationBuilder migration)
    {
        migration.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        foreach (var (table, column) in PostgreSqlColumns)
        {
            migration.Sql($"CREATE INDEX IF NOT EXISTS \"{PostgreSqlIndex(table, column)}\" ON \"{table}\" USING gin (\"{column}\" gin_trgm_ops);");
        }
    }

    public static void PostgreSqlDown(MigrationBuilder migration)
    {
        foreach (var (table, column) in PostgreSqlColumns)
        {
            migration.Sql($"DROP INDEX IF EXISTS \"{PostgreSqlIndex(table, column)}\";");
        }
    }

    public static string PostgreSqlIndex(string table, string column) => $"IX_{table}_{column}_trgm";

    /// <summary>
    /// SQL Server: nothing. The search reads it with LIKE '%q%' (case-insensitive under the default collation), which scans;
    /// a zone on SQL Server at scale adds a full-text catalogue and index (docs/search.md), which cannot run here.
    /// </summary>
    public static void SqlServer(MigrationBuilder migration) => _ = migration;
}
