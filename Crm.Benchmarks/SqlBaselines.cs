using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Crm.Domain.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.Benchmarks;

/// <summary>
/// The hand-written SQL the product's queries are compared with: plain ADO.NET (Microsoft.Data.Sqlite or Npgsql), no EF,
/// rows written straight to JSON. The SQL is the same text on both providers (quoted names, LIMIT).
/// </summary>
public sealed class SqlBaselines(DatabaseProvider provider, string connectionString)
{
    /// <summary>The deal columns a list row carries, as the product's projection has them.</summary>
    private const string DealColumns = """
        d."Id", d."Version", d."Title", d."Stage", d."Status", d."StatusReason", d."DeskCode", d."OwnerId", u."DisplayName" AS "OwnerName",
        d."CompanyId", c."Name" AS "CompanyName", c."CreditCode", c."Tier", d."Source", d."OrganizationId", o."Name" AS "OrganizationName",
        d."AdvisorId", d."ReferringCompanyId", d."Region", d."Segment", d."IsExpansion", d."EstimatedInvestmentYuan", d."AgreedInvestmentYuan",
        d."InvestmentYuan", d."LandMu", d."JobsExpected", d."NextFollowUpOn", d."PlannedStartOn", d."PlannedProductionOn", d."LeadOn",
        d."SignedOn", d."StartedOn", d."ProducingOn", d."AtCapacityOn", d."LastActivityOn", d."LastMoveOn", d."Tags", d."Notes",
        d."CreatedAt", d."UpdatedAt"
        FROM "Deals" d
        JOIN "Companies" c ON c."Id" = d."CompanyId"
        LEFT JOIN "AspNetUsers" u ON u."Id" = d."OwnerId"
        LEFT JOIN "Organizations" o ON o."Id" = d."OrganizationId"
        """;

    public DatabaseProvider Provider => provider;

    public DbConnection Open()
    {
        DbConnection connection = provider == DatabaseProvider.PostgreSql ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The list queries: page 1 by update, stage + desk by amount, desk + Active by follow-up, a board column.</summary>
    public static string ListSql(string kind) => kind switch
    {
        "page1" => $"SELECT {DealColumns} ORDER BY d.\"UpdatedAt\" DESC, d.\"Id\" DESC LIMIT 51",
        "stageDesk" => $"SELECT {DealColumns} WHERE d.\"Stage\" = @stage AND d.\"DeskCode\" = @desk ORDER BY d.\"InvestmentYuan\" DESC, d.\"Id\" DESC LIMIT 51",
        "deskFollowUp" => $"SELECT {DealColumns} WHERE d.\"DeskCode\" = @desk AND d.\"Status\" = 'Active' "
            + "ORDER BY COALESCE(d.\"NextFollowUpOn\", '9999-12-31') ASC, d.\"Id\" ASC LIMIT 51",
        "column" => $"SELECT {DealColumns} WHERE d.\"Stage\" = @stage ORDER BY d.\"UpdatedAt\" DESC, d.\"Id\" DESC LIMIT 101",
        _ => throw new ArgumentException(kind),
    };

    public const string TotalsSql = """SELECT "Stage", COUNT(*), SUM("InvestmentYuan") FROM "Deals" GROUP BY "Stage" """;

    /// <summary>The review's figures: flows, snapshot, signings by month, channels, slipped and stale, each one statement.</summary>
    public static IReadOnlyList<string> ReviewSql =>
    [
        // Flows: first entry into each stage within the period.
        """
        SELECT e."ToStage", COUNT(*), SUM(CASE WHEN e."ToStage" IN ('Signed','Started','Producing','AtCapacity') THEN COALESCE(d."AgreedInvestmentYuan",0) ELSE COALESCE(d."EstimatedInvestmentYuan",0) END)
        FROM (SELECT "DealId", "ToStage", MIN("EffectiveOn") AS "On" FROM "StageChanges" WHERE "FromStage" IS NULL OR "FromStage" <> "ToStage" GROUP BY "DealId", "ToStage") e
        JOIN "Deals" d ON d."Id" = e."DealId" WHERE e."On" >= @from AND e."On" <= @to GROUP BY e."ToStage"
        """,
        // Snapshot: each deal's last history row on the day.
        """
        SELECT s."ToStage", s."ToStatus", COUNT(*), SUM(COALESCE(d."AgreedInvestmentYuan", d."EstimatedInvestmentYuan", 0))
        FROM "StageChanges" s JOIN "Deals" d ON d."Id" = s."DealId"
        WHERE s."Id" IN (SELECT MAX("Id") FROM "StageChanges" WHERE "EffectiveOn" <= @to GROUP BY "DealId")
        GROUP BY s."ToStage", s."ToStatus"
        """,
        // Signings by month of the year.
        """
        SELECT SUBSTR(CAST(e."On" AS TEXT), 6, 2), COUNT(*), SUM(COALESCE(d."AgreedInvestmentYuan",0))
        FROM (SELECT "DealId", MIN("EffectiveOn") AS "On" FROM "StageChanges" WHERE "ToStage" = 'Signed' AND ("FromStage" IS NULL OR "FromStage" <> "ToStage") GROUP BY "DealId") e
        JOIN "Deals" d ON d."Id" = e."DealId" WHERE e."On" >= @yearStart AND e."On" <= @to GROUP BY SUBSTR(CAST(e."On" AS TEXT), 6, 2)
        """,
        // Channels by source (the product also groups by organization, advisor and region: four such statements).
        """
        SELECT f."Source", SUM(CASE WHEN f."LeadOn" >= @from AND f."LeadOn" <= @to THEN 1 ELSE 0 END),
               SUM(CASE WHEN f."SignedOn" >= @from AND f."SignedOn" <= @to THEN 1 ELSE 0 END),
               SUM(CASE WHEN f."SignedOn" >= @from AND f."SignedOn" <= @to THEN f."Yuan" ELSE 0 END),
               SUM(CASE WHEN f."LeadOn" >= @yearStart AND f."LeadOn" <= @to THEN 1 ELSE 0 END)
        FROM (SELECT d."Source", d."LeadOn", COALESCE(d."AgreedInvestmentYuan",0) AS "Yuan",
                     (SELECT MIN(s."EffectiveOn") FROM "StageChanges" s WHERE s."DealId" = d."Id" AND s."ToStage" = 'Signed' AND (s."FromStage" IS NULL OR s."FromStage" <> s."ToStage")) AS "SignedOn"
              FROM "Deals" d) f
        WHERE (f."LeadOn" >= @yearStart AND f."LeadOn" <= @to) OR (f."SignedOn" >= @from AND f."SignedOn" <= @to)
        GROUP BY f."Source"
        """,
        // Slipped start and production, stale deals.
        """SELECT COUNT(*) FROM "Deals" WHERE "Status" = 'Active' AND "Stage" = 'Signed' AND "PlannedStartOn" < @to""",
        """SELECT COUNT(*) FROM "Deals" WHERE "Status" = 'Active' AND "Stage" = 'Started' AND "PlannedProductionOn" < @to""",
        """SELECT COUNT(*) FROM "Deals" WHERE "Status" = 'Active' AND "Stage" IN ('Lead','Contacted','Negotiating') AND ("LastActivityOn" IS NULL OR "LastActivityOn" < @stale)""",
    ];

    /// <summary>The review workbook's lists: the deals behind the flows of the quarter, with their company.</summary>
    public static string ReviewListsSql => $"""
        SELECT e."ToStage" AS "FlowStage", e."On", {DealColumns}
        JOIN (SELECT "DealId", "ToStage", MIN("EffectiveOn") AS "On" FROM "StageChanges" WHERE "FromStage" IS NULL OR "FromStage" <> "ToStage" GROUP BY "DealId", "ToStage") e
          ON e."DealId" = d."Id"
        WHERE e."On" >= @from AND e."On" <= @to
        ORDER BY e."ToStage", d."Id"
        """;

    /// <summary>The search's two large kinds, deals and activity notes, read from their full-text index, newest 9.</summary>
    public IReadOnlyList<string> SearchSql => provider == DatabaseProvider.Sqlite
        ?
        [
            "SELECT d.\"Id\", d.\"Title\" FROM \"Deals\" d WHERE d.\"Id\" IN (SELECT rowid FROM \"SearchDeals\" WHERE \"SearchDeals\" MATCH @q) ORDER BY d.\"UpdatedAt\" DESC LIMIT 9",
            "SELECT a.\"Id\", a.\"Summary\" FROM \"Activities\" a WHERE a.\"Id\" IN (SELECT rowid FROM \"SearchActivities\" WHERE \"SearchActivities\" MATCH @q) ORDER BY a.\"OccurredOn\" DESC LIMIT 9",
        ]
        :
        [
            "SELECT d.\"Id\", d.\"Title\" FROM \"Deals\" d WHERE d.\"Title\" ILIKE @q ORDER BY d.\"UpdatedAt\" DESC LIMIT 9",
            "SELECT a.\"Id\", a.\"Summary\" FROM \"Activities\" a WHERE a.\"Summary\" ILIKE @q ORDER BY a.\"OccurredOn\" DESC LIMIT 9",
        ];

    /// <summary>The fragment as each provider's query takes it: an FTS5 phrase, or an ILIKE pattern.</summary>
    private string SearchArgument(string fragment) => provider == DatabaseProvider.Sqlite
        ? Domain.Search.SearchSql.SqlitePhrase(fragment)
        : "%" + fragment + "%";

    /// <summary>GET /bench/deals?kind=..&amp;stage=..&amp;desk=.., /bench/totals, /bench/review?year=&amp;quarter=, /bench/review-lists?...</summary>
    public async Task ServeAsync(HttpContext context)
    {
        var q = context.Request.Query;
        var path = context.Request.Path.Value ?? "";
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var connection = Open();
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        switch (path)
        {
            case "/deals":
                await WriteRowsAsync(json, connection, ListSql(q["kind"].ToString()), [("stage", q["stage"].ToString()), ("desk", q["desk"].ToString())], context.RequestAborted);
                break;
            case "/totals":
                await WriteRowsAsync(json, connection, TotalsSql, [], context.RequestAborted);
                break;
            case "/review":
            case "/review-lists":
                var year = int.Parse(q["year"].ToString(), CultureInfo.InvariantCulture);
                var quarter = int.Parse(q["quarter"].ToString(), CultureInfo.InvariantCulture);
                var to = DateOnly.Parse(q["to"].ToString(), CultureInfo.InvariantCulture);
                var from = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
                (string, object)[] args = [("from", from), ("to", to), ("yearStart", new DateOnly(year, 1, 1)), ("stale", to.AddDays(-30))];
                json.WriteStartArray();
                foreach (var sql in path == "/review" ? ReviewSql : [ReviewListsSql])
                {
                    await WriteRowsAsync(json, connection, sql, args, context.RequestAborted);
                }
                json.WriteEndArray();
                break;
            case "/search":
                json.WriteStartArray();
                foreach (var sql in SearchSql)
                {
                    await WriteRowsAsync(json, connection, sql, [("q", SearchArgument(q["q"].ToString()))], context.RequestAborted);
                }
                json.WriteEndArray();
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
        await json.FlushAsync(context.RequestAborted);
    }

    public static DbCommand Command(DbConnection connection, string sql, IEnumerable<(string Name, object Value)> args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            if (!sql.Contains("@" + name, StringComparison.Ordinal))
            {
                continue;
            }
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            // Dates as the model stores them: ISO text on SQLite, date on PostgreSQL.
            p.Value = value is DateOnly date && connection is SqliteConnection ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static async Task WriteRowsAsync(Utf8JsonWriter json, DbConnection connection, string sql, IEnumerable<(string, object)> args, CancellationToken ct)
    {
        await using var command = Command(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var names = Enumerable.Range(0, reader.FieldCount).Select(i => JsonNamingPolicy.CamelCase.ConvertName(reader.GetName(i))).ToArray();
        json.WriteStartArray();
        while (await reader.ReadAsync(ct))
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                json.WritePropertyName(names[i]);
                if (await reader.IsDBNullAsync(i, ct))
                {
                    json.WriteNullValue();
                    continue;
                }
                switch (reader.GetValue(i))
                {
                    case long l: json.WriteNumberValue(l); break;
                    case int n: json.WriteNumberValue(n); break;
                    case decimal m: json.WriteNumberValue(m); break;
                    case double x: json.WriteNumberValue(x); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    case DateTime t: json.WriteStringValue(t); break;
                    case DateOnly d: json.WriteStringValue(d.ToString("O", CultureInfo.InvariantCulture)); break;
                    case string[] a:
                        json.WriteStartArray();
                        foreach (var s in a)
                        {
                            json.WriteStringValue(s);
                        }
                        json.WriteEndArray();
                        break;
                    case var other: json.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
                }
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (json.BytesPending > 32_768)
        {
            await json.FlushAsync(ct);
        }
    }
}
