using Crm.Domain.Data;

namespace Crm.Domain.Deals;

/// <summary>
/// The one definition of <see cref="Deal.FollowUpOrder"/>: the next follow-up, or <see cref="None"/> when there is none,
/// so that "soonest first, no date last" is the order of a plain indexed column. Each provider computes it itself.
/// </summary>
public static class FollowUpOrderColumn
{
    /// <summary>The value that sorts a deal without a follow-up after every dated one.</summary>
    public static readonly DateOnly None = DateOnly.MaxValue;

    public static DateOnly Of(DateOnly? nextFollowUpOn) => nextFollowUpOn ?? None;

    /// <summary>
    /// The column's SQL. SQLite keeps dates as yyyy-MM-dd text and computes a virtual column (an index stores it);
    /// PostgreSQL and SQL Server store it (their generated/persisted columns), SQL Server with a deterministic conversion.
    /// </summary>
    public static (string Sql, bool Stored) SqlFor(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => ("COALESCE(\"NextFollowUpOn\", DATE '9999-12-31')", true),
        DatabaseProvider.SqlServer => ("COALESCE([NextFollowUpOn], CONVERT(date, '99991231', 112))", true),
        _ => ("COALESCE(\"NextFollowUpOn\", '9999-12-31')", false),
    };
}
