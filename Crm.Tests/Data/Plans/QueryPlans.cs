using System.Text.RegularExpressions;
using Crm.Domain.Data;
using Crm.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Data.Plans;

/// <summary>
/// SQLite's plan for the commands a service sent, read with <c>EXPLAIN QUERY PLAN</c> on the host's own database.
/// <see cref="AtScaleAsync"/> gives the planner the statistics of a 100,000-deal zone (zone-100k.sqlite_stat1.tsv,
/// ANALYZE of a generated zone), so the plans are those a large zone gets, whatever the few rows a test holds.
/// </summary>
public static partial class QueryPlans
{
    /// <summary>The tables a page must never read from end to end.</summary>
    public static readonly IReadOnlySet<string> Guarded = new HashSet<string> { "Deals", "StageChanges", "Activities" };

    public static string StatisticsFile => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Plans", "zone-100k.sqlite_stat1.tsv");

    public static async Task AtScaleAsync(CrmDbContext db)
    {
        var rows = (await File.ReadAllLinesAsync(StatisticsFile)).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE;");
            foreach (var table in rows.Select(r => r[0]).Distinct())
            {
                await db.Database.ExecuteSqlAsync($"DELETE FROM sqlite_stat1 WHERE tbl = {table}");
            }
            foreach (var r in rows)
            {
                await db.Database.ExecuteSqlAsync($"INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ({r[0]}, {r[1]}, {r[2]})");
            }
            // Makes every connection opened from now on load the statistics; the pool drops the ones open before.
            await db.Database.ExecuteSqlRawAsync("ANALYZE sqlite_schema;");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The index names the statistics speak of, to check they still exist.</summary>
    public static IEnumerable<string> IndexesInStatistics() =>
        File.ReadAllLines(StatisticsFile).Where(l => l.Length > 0).Select(l => l.Split('\t')[1]);

    /// <summary>The plan's lines for one command as it was sent.</summary>
    public static async Task<IReadOnlyList<PlanLine>> PlanAsync(CrmDbContext db, SentCommand command)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
            foreach (var (name, value) in command.Parameters)
            {
                var p = explain.CreateParameter();
                p.ParameterName = name;
                p.Value = value ?? DBNull.Value;
                explain.Parameters.Add(p);
            }
            var lines = new List<PlanLine>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(new PlanLine(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(3)));
            }
            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Lines that read a guarded table row by row without an index: <c>SCAN d</c> where d is "Deals".</summary>
    public static IReadOnlyList<string> TableScans(SentCommand command, IEnumerable<PlanLine> plan)
    {
        var aliases = AliasesOf(command);
        return plan.Select(l => l.Detail).Where(line => Scan().Match(line) is { Success: true } m
                && aliases.TryGetValue(m.Groups["alias"].Value, out var table) && Guarded.Contains(table)
                && !m.Groups["index"].Success)
            .ToList();
    }

    /// <summary>
    /// Whether the plan sorts the rows it read from a guarded table instead of walking an index in the page's order
    /// (a sort of the page's few rows after the join, or of a group's rows, is not one).
    /// </summary>
    public static bool SortsForOrderBy(SentCommand command, IReadOnlyList<PlanLine> plan)
    {
        var aliases = AliasesOf(command);
        return plan.Where(l => l.Detail == "USE TEMP B-TREE FOR ORDER BY").Any(sort => plan.Any(l => l.Parent == sort.Parent
            && ReadsOf().Match(l.Detail) is { Success: true } m
            && aliases.TryGetValue(m.Groups["alias"].Value, out var table) && Guarded.Contains(table)));
    }

    private static Dictionary<string, string> AliasesOf(SentCommand command)
    {
        var aliases = new Dictionary<string, string>();
        foreach (Match m in Alias().Matches(command.Text))
        {
            aliases.TryAdd(m.Groups["alias"].Value, m.Groups["table"].Value);
        }
        foreach (var table in Guarded)
        {
            aliases.TryAdd(table, table);
        }
        return aliases;
    }

    [GeneratedRegex(""""(?:FROM|JOIN)\s+"(?<table>\w+)"\s+AS\s+"(?<alias>\w+)"""")]
    private static partial Regex Alias();

    [GeneratedRegex("^(?:SCAN|SEARCH) (?<alias>\\w+)")]
    private static partial Regex ReadsOf();

    [GeneratedRegex("^SCAN (?<alias>\\w+)(?<index> USING (?:COVERING )?INDEX \\S+)?")]
    private static partial Regex Scan();
}

/// <summary>A line of <c>EXPLAIN QUERY PLAN</c>: its node, the node it belongs to, and what it does.</summary>
public sealed record PlanLine(int Id, int Parent, string Detail);
