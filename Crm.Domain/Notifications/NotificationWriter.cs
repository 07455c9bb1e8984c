using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Domain.Notifications;

/// <summary>A notification a job wants to exist; <see cref="NotificationWriter"/> stores it once.</summary>
public sealed record NotificationDraft(string RecipientId, NotificationKind Kind, int DealId, string PeriodKey, string Title, string Body)
{
    public (string, NotificationKind, int, string) Key => (RecipientId, Kind, DealId, PeriodKey);
}

/// <summary>
/// Stores drafts set-based: up to <see cref="ChunkSize"/> drafts go to the database as one JSON parameter of one
/// <c>INSERT … SELECT</c>, which skips the keys already stored (<c>WHERE NOT EXISTS</c>, and <c>ON CONFLICT DO NOTHING</c>
/// on SQLite and PostgreSQL, so a run racing another on the same keys stores each once) and decides in SQL whether the
/// recipient gets an email (an address, no opt-out). Nothing is tracked and no stored key is read back. On SQL Server a
/// race on a key is a unique violation: the chunk is tried again (it then skips what the other run stored) and, as a
/// last resort, draft by draft. After writing it asks the outbox to run now (<see cref="IOutboxTrigger"/>).
/// </summary>
public sealed class NotificationWriter(CrmDbContext db, TimeProvider time, IOutboxTrigger outbox, ILogger<NotificationWriter> log)
{
    /// <summary>Drafts per statement: bounds the memory of a sweep and the size of one command.</summary>
    public const int ChunkSize = 1000;
    private const int ChunkRetries = 3;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <returns>The number of notifications created by this call.</returns>
    public Task<int> AddAsync(IReadOnlyCollection<NotificationDraft> drafts, CancellationToken ct) => AddAsync(Listed(drafts), ct);

    /// <summary>Stores a stream of drafts chunk by chunk, so a sweep of any size holds one chunk in memory.</summary>
    /// <returns>The number of notifications created by this call.</returns>
    public async Task<int> AddAsync(IAsyncEnumerable<NotificationDraft> drafts, CancellationToken ct)
    {
        var created = 0;
        var signalledAt = 0;
        var chunk = new List<NotificationDraft>(ChunkSize);
        var keys = new HashSet<(string, NotificationKind, int, string)>();
        await foreach (var draft in drafts.WithCancellation(ct))
        {
            if (!keys.Add(draft.Key))
            {
                continue;
            }
            chunk.Add(draft);
            if (chunk.Count == ChunkSize)
            {
                created += await InsertAsync(chunk, ct);
                chunk.Clear();
                keys.Clear();
                if (signalledAt == 0 && created > 0)
                {
                    // The first emails go out while the rest are written.
                    outbox.RunSoon();
                    signalledAt = created;
                }
            }
        }
        created += await InsertAsync(chunk, ct);
        if (created > signalledAt)
        {
            // Again at the end: an outbox that emptied the queue before the last chunks were written has stopped.
            outbox.RunSoon();
        }
        return created;
    }

    private async Task<int> InsertAsync(List<NotificationDraft> drafts, CancellationToken ct)
    {
        if (drafts.Count == 0)
        {
            return 0;
        }
        var sql = InsertSql.For(db);
        object[] parameters = [Json(drafts), time.UtcNow()];
        for (var attempt = 1; attempt <= ChunkRetries; attempt++)
        {
            try
            {
                return await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
            }
            catch (DbException e) when (UniqueKeys.IsViolation(e))
            {
                // Only where no ON CONFLICT exists (SQL Server): a concurrent run stored some of these keys between
                // our NOT EXISTS and our insert. The statement was undone whole; the next try skips what it stored.
                log.LogDebug("A concurrent run stored some of {Count} notifications; trying again (attempt {Attempt}).", drafts.Count, attempt);
            }
        }
        var added = 0;
        foreach (var draft in drafts)
        {
            try
            {
                added += await db.Database.ExecuteSqlRawAsync(sql, [Json([draft]), time.UtcNow()], ct);
            }
            catch (DbException e) when (UniqueKeys.IsViolation(e))
            {
                // Stored by the other run: nothing lost, nothing twice.
                log.LogDebug("Notification {Kind} for {Recipient} ({Period}) was stored by a concurrent run.", draft.Kind, draft.RecipientId, draft.PeriodKey);
            }
        }
        return added;
    }

    /// <summary>The drafts as a JSON array of {r, k, deal, p, t, b}, the texts cut to their columns.</summary>
    private static string Json(IEnumerable<NotificationDraft> drafts)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var d in drafts)
            {
                json.WriteStartObject();
                json.WriteString("r", d.RecipientId);
                json.WriteString("k", d.Kind.ToString());
                json.WriteNumber("deal", d.DealId);
                json.WriteString("p", d.PeriodKey);
                json.WriteString("t", Truncate(d.Title, FieldLengths.Name));
                json.WriteString("b", Truncate(d.Body, FieldLengths.LongText));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async IAsyncEnumerable<NotificationDraft> Listed(IReadOnlyCollection<NotificationDraft> drafts)
    {
        foreach (var d in drafts)
        {
            yield return d;
        }
        await Task.CompletedTask;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>
    /// One statement for the three providers; only the way the JSON becomes rows, and the ON CONFLICT clause, differ.
    /// Identifiers are double-quoted: SQLite and PostgreSQL take them, SQL Server does with QUOTED_IDENTIFIER on (its default).
    /// </summary>
    private static class InsertSql
    {
        private const string SqliteDrafts = """
            (SELECT json_extract(value, '$.r') AS r, json_extract(value, '$.k') AS k, json_extract(value, '$.deal') AS deal,
                    json_extract(value, '$.p') AS p, json_extract(value, '$.t') AS t, json_extract(value, '$.b') AS b
             FROM json_each({0})) AS d
            """;

        private const string PostgreSqlDrafts = "json_to_recordset({0}::json) AS d(r text, k text, deal integer, p text, t text, b text)";

        private static readonly string SqlServerDrafts =
            $"OPENJSON({{0}}) WITH (r nvarchar({FieldLengths.UserId}) '$.r', k nvarchar({FieldLengths.EnumText}) '$.k', deal int '$.deal', "
            + $"p nvarchar({NotificationConfiguration.PeriodKeyLength}) '$.p', t nvarchar({FieldLengths.Name}) '$.t', b nvarchar({FieldLengths.LongText}) '$.b') AS d";

        private static readonly string Sqlite = Insert(SqliteDrafts, "ON CONFLICT DO NOTHING");
        private static readonly string PostgreSql = Insert(PostgreSqlDrafts, "ON CONFLICT DO NOTHING");
        private static readonly string SqlServer = Insert(SqlServerDrafts, "");

        public static string For(CrmDbContext db) => db switch
        {
            PostgreSqlCrmDbContext => PostgreSql,
            SqlServerCrmDbContext => SqlServer,
            _ => Sqlite,
        };

        // {0}: the drafts as JSON; {1}: now (UTC). A recipient who no longer exists gets nothing (the join).
        private static string Insert(string drafts, string onConflict) => $$"""
            INSERT INTO "Notifications" ("RecipientId", "Kind", "DealId", "PeriodKey", "Title", "Body", "CreatedAt", "EmailStatus", "EmailAttempts", "NextAttemptAt")
            SELECT d.r, d.k, d.deal, d.p, d.t, d.b, {1},
                   CASE WHEN {{NoEmail}} THEN '{{nameof(EmailStatus.None)}}' ELSE '{{nameof(EmailStatus.Pending)}}' END,
                   0,
                   CASE WHEN {{NoEmail}} THEN NULL ELSE {1} END
            FROM {{drafts}}
            INNER JOIN "AspNetUsers" AS u ON u."Id" = d.r
            LEFT JOIN "NotificationOptOuts" AS o ON o."UserId" = d.r AND o."Kind" = d.k
            WHERE NOT EXISTS (SELECT 1 FROM "Notifications" AS n
                              WHERE n."RecipientId" = d.r AND n."Kind" = d.k AND n."DealId" = d.deal AND n."PeriodKey" = d.p)
            {{onConflict}}
            """;

        private const string NoEmail = """u."Email" IS NULL OR u."Email" = '' OR o."UserId" IS NOT NULL""";
    }
}
