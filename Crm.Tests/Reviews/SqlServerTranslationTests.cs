using System.Data;
using System.Data.Common;

using Crm.Domain.Data;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Crm.Tests.Reviews;

/// <summary>
/// No SQL Server runs here, so the review's queries are compiled for SQL Server and checked offline: EF must
/// translate every one (no client evaluation) and each command must parse as T-SQL. The commands are not run.
/// </summary>
public sealed class SqlServerTranslationTests
{
    [Test]
    public async Task Every_review_query_translates_to_valid_T_SQL()
    {
        var offline = new OfflineSqlServer();
        var options = new DbContextOptionsBuilder<SqlServerCrmDbContext>()
            .UseSqlServer("Server=127.0.0.1,1;Database=none;Connect Timeout=1")
            .AddInterceptors(offline)
            .Options;
        await using var db = new SqlServerCrmDbContext(options);
        var time = new FakeTimeProvider(ReviewDataset.Today);
        var reviews = new ReviewService(db, time, new QuarterFigures(db, time, new TargetService(db, time)));

        await reviews.BuildAsync(2026, 2, null, ReviewLists.All, CancellationToken.None);
        await reviews.BuildAsync(2026, 1, "GD", ReviewLists.All, CancellationToken.None);
        // The home page's quarter flows use the same counting module.
        await new Crm.Domain.Deals.DealFigures(db).QuarterFlowsAsync(
            new Crm.Domain.Users.CurrentUser("m", new HashSet<string> { Crm.Domain.Users.Roles.Manager }, null), new DateOnly(2026, 5, 15), CancellationToken.None);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var invalid = offline.Commands
            .Select(sql => (sql, errors: Parse(parser, sql)))
            .Where(c => c.errors.Count > 0)
            .Select(c => $"{c.errors[0].Message} in: {c.sql}")
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(offline.Commands, Has.Count.GreaterThan(20));
            Assert.That(invalid, Is.Empty);
        });
    }

    private static IList<ParseError> Parse(TSql160Parser parser, string sql)
    {
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    /// <summary>Never opens a connection; answers COUNT queries with 0 and every other query with no rows.</summary>
    private sealed class OfflineSqlServer : DbConnectionInterceptor, IDbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

        public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            var table = new DataTable();
            if (command.CommandText.TrimStart().StartsWith("SELECT COUNT(*)", StringComparison.Ordinal))
            {
                table.Columns.Add("count", typeof(int));
                table.Rows.Add(0);
            }
            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(table.CreateDataReader()));
        }
    }
}
