using System.Data;
using System.Data.Common;
using Crm.Domain.Data;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Crm.Tests.Notifications;

/// <summary>
/// No SQL Server runs here: the writer's insert and the outbox's claim, read and marks are sent to a SQL Server
/// context whose connection never opens, and each command must parse as T-SQL (OPENJSON … WITH included).
/// </summary>
public sealed class SqlServerNotificationSqlTests
{
    [Test]
    public async Task The_writer_and_the_outbox_send_valid_T_SQL()
    {
        var offline = new OfflineSqlServer();
        var options = new DbContextOptionsBuilder<SqlServerCrmDbContext>()
            .UseSqlServer("Server=127.0.0.1,1;Database=none;Connect Timeout=1")
            .AddInterceptors(offline)
            .Options;
        await using var db = new SqlServerCrmDbContext(options);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 0, 30, 0, TimeSpan.Zero));
        var pickup = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
        var transport = new MailTransport(Options.Create(new EmailOptions { PickupFolder = pickup }));

        var created = await new NotificationWriter(db, time, new ScheduledOutboxOnly(), Microsoft.Extensions.Logging.Abstractions.NullLogger<NotificationWriter>.Instance).AddAsync(
            [new NotificationDraft("u1", NotificationKind.FollowUpDue, 7, "2026-11-30", "跟进到期：项目", "请今天联系企业。")], CancellationToken.None);
        var sent = await new EmailOutbox(db, time, transport, NullLogger<EmailOutbox>.Instance).SendPendingAsync(CancellationToken.None);
        Directory.Delete(pickup, recursive: true);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var invalid = offline.Commands.Select(sql => (sql, errors: Parse(parser, sql))).Where(c => c.errors.Count > 0)
            .Select(c => $"{c.errors[0].Message} in: {c.sql}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That((created, sent), Is.EqualTo((1, 1)));
            Assert.That(offline.Commands, Has.Some.Contains("OPENJSON").And.Some.Contains("TOP(").And.Some.Contains("[SentAt]"));
            Assert.That(invalid, Is.Empty);
        });
    }

    private static IList<ParseError> Parse(TSql160Parser parser, string sql)
    {
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    /// <summary>
    /// Never opens a connection. Every statement touches one row, once (so the outbox claims one email, then finds
    /// none); the read by the claim's token answers one email; every other query answers nothing (EXISTS: false).
    /// </summary>
    private sealed class OfflineSqlServer : DbConnectionInterceptor, IDbCommandInterceptor
    {
        private int _updates;

        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

        public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            var claim = command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.Ordinal) && command.CommandText.Contains("TOP(", StringComparison.Ordinal);
            var rows = claim ? (Interlocked.Increment(ref _updates) == 1 ? 1 : 0) : 1;
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(rows));
        }

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            var table = new DataTable();
            if (command.CommandText.TrimStart().StartsWith("SELECT CASE", StringComparison.Ordinal))
            {
                table.Columns.Add("exists", typeof(bool));
                table.Rows.Add(false);
            }
            else if (command.CommandText.Contains("@token", StringComparison.Ordinal))
            {
                table.Columns.Add("Id", typeof(long));
                table.Columns.Add("Title", typeof(string));
                table.Columns.Add("Body", typeof(string));
                table.Columns.Add("EmailAttempts", typeof(int));
                table.Columns.Add("Email", typeof(string));
                table.Columns.Add("DisplayName", typeof(string));
                table.Rows.Add(1L, "跟进到期：项目", "请今天联系企业。", 1, "recruiter@zone.test", "招商员");
            }
            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(table.CreateDataReader()));
        }
    }
}
