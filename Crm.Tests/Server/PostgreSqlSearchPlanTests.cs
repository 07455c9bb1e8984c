using Crm.Domain.Search;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Tests.Server;

/// <summary>
/// On PostgreSQL the search's ILIKE '%fragment%' is answered from the pg_trgm index of every column it reads
/// (<see cref="SearchSql.PostgreSqlColumns"/>), not by reading the table: the planner is told to avoid scans, as a large
/// zone's statistics would, and must still find an index that serves the condition.
/// </summary>
[Category("Server")]
public sealed class PostgreSqlSearchPlanTests
{
    [Test]
    public async Task Every_searched_column_has_a_trigram_index_that_serves_ilike()
    {
        using var app = PostgreSqlDatabase.OwnHost(TestClock.AtNoon());
        var plans = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off;");
            var found = new Dictionary<string, string>();
            foreach (var (table, column) in SearchSql.PostgreSqlColumns)
            {
                // A partial B-tree (the unique credit code, WHERE IS NOT NULL) looks cheapest on an empty table: set aside
                // in a transaction that is rolled back, so the plan shows which index serves the ILIKE itself.
                await using var transaction = await db.Database.BeginTransactionAsync();
                var onColumn = "%(\"" + column + "\"%";
                var others = await db.Database.SqlQuery<string>($@"SELECT indexname AS ""Value"" FROM pg_indexes
                    WHERE tablename = {table} AND indexdef LIKE {onColumn} AND indexdef NOT LIKE '%gin_trgm_ops%'").ToListAsync();
                foreach (var other in others)
                {
                    var drop = "DROP INDEX \"" + other.Replace("\"", "", StringComparison.Ordinal) + "\"";
                    await db.Database.ExecuteSqlRawAsync(drop);
                }
                await using var explain = connection.CreateCommand();
                explain.Transaction = transaction.GetDbTransaction();
                explain.CommandText = $"EXPLAIN SELECT \"Id\" FROM \"{table}\" WHERE \"{column}\" ILIKE '%冷链仓储%'";
                var lines = new List<string>();
                await using var reader = await explain.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    lines.Add(reader.GetString(0));
                }
                found[$"{table}.{column}"] = string.Join(Environment.NewLine, lines);
                await reader.DisposeAsync();
                await transaction.RollbackAsync();
            }
            await db.Database.CloseConnectionAsync();
            return found;
        });

        Assert.Multiple(() =>
        {
            foreach (var (table, column) in SearchSql.PostgreSqlColumns)
            {
                Assert.That(plans[$"{table}.{column}"], Does.Contain(SearchSql.PostgreSqlIndex(table, column)), $"{table}.{column}");
            }
        });
    }
}
