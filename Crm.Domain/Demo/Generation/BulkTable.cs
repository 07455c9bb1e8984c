using System.Data.Common;
using System.Text;
using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Domain.Demo.Generation;

/// <summary>
/// Prepared INSERTs of one entity type, built from the model: its table, its columns and each column's type mapping
/// (enum names, UTC instants, JSON tags, dates) exactly as EF would write them, on whichever provider the context has.
/// Keys are written as they stand on the entities, so the caller numbers them.
/// </summary>
internal sealed class BulkTable<T>
    where T : class
{
    private const int MaxParameters = 30_000;

    private readonly List<T> _rows = [];
    private readonly (IProperty Property, RelationalTypeMapping Mapping)[] _columns;
    private readonly string _prefix;
    private readonly ISqlGenerationHelper _sql;
    private readonly int _rowsPerStatement;

    public BulkTable(CrmDbContext db)
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        _sql = db.GetService<ISqlGenerationHelper>();
        _columns = [.. type.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && !p.IsShadowProperty() && p.GetComputedColumnSql() is null)
            .Select(p => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping()))];
        var names = string.Join(", ", _columns.Select(c => _sql.DelimitIdentifier(c.Property.GetColumnName(table)!)));
        _prefix = $"INSERT INTO {_sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ";
        // SQLite binds parameters by a linear search of their names: one prepared row at a time is fastest there.
        // A server pays a round trip per statement: many rows each.
        _rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, Math.Min(500, MaxParameters / _columns.Length));
    }

    public int Count => _rows.Count;

    public void Add(T row) => _rows.Add(row);

    public async Task<int> FlushAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var written = 0;
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < _rows.Count; start += _rowsPerStatement)
            {
                var count = Math.Min(_rowsPerStatement, _rows.Count - start);
                if (command is null || command.Parameters.Count != count * _columns.Length)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }
                    command = Prepare(connection, transaction, count);
                }
                var n = 0;
                for (var r = 0; r < count; r++)
                {
                    var row = _rows[start + r];
                    foreach (var (property, mapping) in _columns)
                    {
                        var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
                        command.Parameters[n++].Value = (value is null ? null : mapping.Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
                    }
                }
                written += await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
        _rows.Clear();
        return written;
    }

    /// <summary>One statement for <paramref name="rows"/> rows, its parameters typed by the columns' mappings, reused batch after batch.</summary>
    private DbCommand Prepare(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder(_prefix, _prefix.Length + rows * _columns.Length * 8);
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                var (property, mapping) = _columns[c];
                var name = _sql.GenerateParameterName("p" + n++);
                text.Append(c == 0 ? name : ", " + name);
                command.Parameters.Add(mapping.CreateParameter(command, name, null, property.IsNullable));
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        command.Prepare();
        return command;
    }
}
