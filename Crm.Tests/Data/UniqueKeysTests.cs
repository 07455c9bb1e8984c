using Crm.Domain.Data;

namespace Crm.Tests.Data;

/// <summary>
/// How <see cref="UniqueKeys"/> reads the key out of each provider's words. SQLite and PostgreSQL are met for real in
/// <see cref="UniqueKeyRaces"/>; SQL Server cannot run here, so its messages (as SQL Server words them) are read here.
/// </summary>
public sealed class UniqueKeysTests
{
    [TestCase("Cannot insert duplicate key row in object 'dbo.Companies' with unique index 'IX_Companies_CreditCode'. The duplicate key value is (91440300MA5FTEST01).", "IX_Companies_CreditCode")]
    [TestCase("Violation of PRIMARY KEY constraint 'PK_NotificationOptOuts'. Cannot insert duplicate key in object 'dbo.NotificationOptOuts'. The duplicate key value is (a, FollowUpDue).", "PK_NotificationOptOuts")]
    [TestCase("Violation of UNIQUE KEY constraint 'AK_Desks_Code'. Cannot insert duplicate key in object 'dbo.Desks'.", "AK_Desks_Code")]
    public void A_sql_server_message_names_the_index_or_constraint(string message, string name) =>
        Assert.That(UniqueKeys.SqlServerName(message), Is.EqualTo(name));

    [Test]
    public void A_sqlite_message_names_the_table_and_the_columns()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UniqueKeys.SqliteColumns("SQLite Error 19: 'UNIQUE constraint failed: Companies.CreditCode'."),
                Is.EqualTo(("Companies", (IReadOnlyList<string>)["CreditCode"])).Using(new ColumnsComparer()));
            Assert.That(UniqueKeys.SqliteColumns("SQLite Error 19: 'UNIQUE constraint failed: NotificationOptOuts.UserId, NotificationOptOuts.Kind'."),
                Is.EqualTo(("NotificationOptOuts", (IReadOnlyList<string>)["UserId", "Kind"])).Using(new ColumnsComparer()));
            Assert.That(UniqueKeys.SqliteColumns("SQLite Error 19: 'UNIQUE constraint failed: index 'IX_Something''."), Is.Null);
        });
    }

    private sealed class ColumnsComparer : IEqualityComparer<(string Table, IReadOnlyList<string> Columns)?>
    {
        public bool Equals((string Table, IReadOnlyList<string> Columns)? x, (string Table, IReadOnlyList<string> Columns)? y) =>
            x is { } a && y is { } b && a.Table == b.Table && a.Columns.SequenceEqual(b.Columns);

        public int GetHashCode((string Table, IReadOnlyList<string> Columns)? obj) => obj?.Table.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
