using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Crm.Domain.Data;

/// <summary>
/// The unique index or key a failed write ran into: its name in the database, the entity and the properties it covers,
/// resolved through the model, so a service asks "was it the company's credit code?" the same way on every provider.
/// </summary>
public sealed record UniqueKeyViolation(string Name, Type Entity, IReadOnlyList<string> Properties)
{
    /// <summary>The violated key is exactly <paramref name="properties"/> of <typeparamref name="T"/> (or of a type it derives from).</summary>
    public bool Is<T>(params string[] properties) =>
        (Entity.IsAssignableFrom(typeof(T)) || typeof(T).IsAssignableFrom(Entity)) && Properties.SequenceEqual(properties);
}

/// <summary>
/// The one place that recognises a unique violation, on each provider, and tells which key it was. A check before an insert
/// ("no company has this code") cannot see a concurrent insert; the unique index is what holds, and the write that loses the
/// race fails. Its service catches that failure here and answers what a caller coming a moment later would have got — the
/// same field, the same code — instead of a 500 (<c>docs/decisions/0012-races-on-unique-rules.md</c>).
/// </summary>
public static partial class UniqueKeys
{
    /// <summary>
    /// SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) / SQLITE_CONSTRAINT_PRIMARYKEY (1555); SQL Server: 2601 (unique index) /
    /// 2627 (unique or primary key constraint); PostgreSQL: SQLSTATE 23505. <paramref name="e"/> is what EF throws
    /// (<see cref="DbUpdateException"/>) or what a raw statement throws (<see cref="DbException"/>).
    /// </summary>
    public static bool IsViolation(Exception e) => Provider(e) switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException s => s.Number is 2601 or 2627,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// Saves, and answers a unique violation instead of throwing it: the key that was taken, with the changes that failed
    /// taken out of the context (the statement was undone whole). Null when everything was saved.
    /// </summary>
    public static async Task<UniqueKeyViolation?> TrySaveChangesAsync(this DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (IsViolation(e))
        {
            return db.LostRace(e);
        }
    }

    /// <summary>
    /// For a caller that caught <paramref name="e"/> itself (a save inside a library, such as Identity's user store): the key
    /// that was taken, and the context forgets the changes that failed, so nothing of the losing write is saved later.
    /// </summary>
    public static UniqueKeyViolation LostRace(this DbContext db, Exception e)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(x => x.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            entry.State = EntityState.Detached;
        }
        return Find(db, e) ?? new UniqueKeyViolation("?", typeof(object), []);
    }

    /// <summary>The key <paramref name="e"/> violated, or null when it is no unique violation (or names nothing the model maps).</summary>
    public static UniqueKeyViolation? Find(DbContext db, Exception e)
    {
        if (!IsViolation(e))
        {
            return null;
        }
        var tables = db.Model.GetRelationalModel().Tables;
        return Provider(e) switch
        {
            // The constraint's own name; the table is known too.
            PostgresException p => ByName(tables.Where(t => p.TableName is null || t.Name == p.TableName), p.ConstraintName),
            SqlException s => ByName(tables, SqlServerName(s.Message)),
            SqliteException s => SqliteColumns(s.Message) is var (table, columns)
                ? ByColumns(tables.Where(t => t.Name == table), columns)
                : ByName(tables, SqliteIndexName(s.Message)),
            _ => null,
        };
    }

    /// <summary>
    /// SQL Server words the name in the message only: "... with unique index 'IX_Companies_CreditCode'. ..." (2601),
    /// "Violation of UNIQUE KEY constraint 'AK_X'. ..." / "Violation of PRIMARY KEY constraint 'PK_X'. ..." (2627).
    /// </summary>
    public static string? SqlServerName(string message) =>
        SqlServerNamePattern().Match(message) is { Success: true } m ? m.Groups["name"].Value : null;

    /// <summary>SQLite names table and columns: "UNIQUE constraint failed: Companies.CreditCode" (or "T.A, T.B").</summary>
    public static (string Table, IReadOnlyList<string> Columns)? SqliteColumns(string message)
    {
        var m = SqliteColumnsPattern().Match(message);
        if (!m.Success)
        {
            return null;
        }
        var columns = m.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('.', 2)).Where(p => p.Length == 2).ToList();
        return columns.Count == 0 ? null : (columns[0][0], columns.Select(c => c[1]).ToList());
    }

    private static string? SqliteIndexName(string message) =>
        SqliteIndexPattern().Match(message) is { Success: true } m ? m.Groups["name"].Value : null;

    private static DbException? Provider(Exception e) => e as DbException ?? e.InnerException as DbException;

    private static UniqueKeyViolation? ByName(IEnumerable<ITable> tables, string? name)
    {
        if (name is null)
        {
            return null;
        }
        foreach (var table in tables)
        {
            if (table.Indexes.FirstOrDefault(i => i.IsUnique && i.Name == name) is { } index)
            {
                return Of(index);
            }
            if (table.UniqueConstraints.FirstOrDefault(c => c.Name == name) is { } key)
            {
                return Of(key);
            }
        }
        return null;
    }

    private static UniqueKeyViolation? ByColumns(IEnumerable<ITable> tables, IReadOnlyList<string> columns)
    {
        foreach (var table in tables)
        {
            if (table.Indexes.FirstOrDefault(i => i.IsUnique && i.Columns.Select(c => c.Name).SequenceEqual(columns)) is { } index)
            {
                return Of(index);
            }
            if (table.UniqueConstraints.FirstOrDefault(c => c.Columns.Select(x => x.Name).SequenceEqual(columns)) is { } key)
            {
                return Of(key);
            }
        }
        return null;
    }

    private static UniqueKeyViolation Of(ITableIndex index)
    {
        var mapped = index.MappedIndexes.First();
        return new(index.Name, mapped.DeclaringEntityType.ClrType, mapped.Properties.Select(p => p.Name).ToList());
    }

    private static UniqueKeyViolation Of(IUniqueConstraint constraint)
    {
        var mapped = constraint.MappedKeys.First();
        return new(constraint.Name, mapped.DeclaringEntityType.ClrType, mapped.Properties.Select(p => p.Name).ToList());
    }

    [GeneratedRegex(@"(?:unique index|constraint) '(?<name>[^']+)'", RegexOptions.IgnoreCase)]
    private static partial Regex SqlServerNamePattern();

    [GeneratedRegex(@"constraint failed: (?<columns>[^'\r\n]+)")]
    private static partial Regex SqliteColumnsPattern();

    [GeneratedRegex(@"constraint failed: index '(?<name>[^']+)'")]
    private static partial Regex SqliteIndexPattern();
}
