using System.Linq.Expressions;

namespace Crm.Domain.Problems;

/// <summary>Where a problem stands against its deadline (限时办结); exactly one applies.</summary>
public enum ProblemState
{
    /// <summary>Not closed, and its deadline is today or later.</summary>
    Open,
    /// <summary>Not closed, and its deadline has passed.</summary>
    Overdue,
    /// <summary>Closed on or before its deadline.</summary>
    ClosedInTime,
    /// <summary>Closed after its deadline.</summary>
    ClosedLate,
}

/// <summary>
/// The one rule that says whether a problem is open, overdue, closed in time or closed late: the deal page, the
/// problem list, the API, the watch job, the department figures and the ten-day ranking all ask it. The deadline day
/// itself is still in time: a problem due on the 10th is overdue from the 11th, and closed on the 10th is in time.
/// The predicates are expressions, so the lists and the figures count in SQL.
/// </summary>
public static class ProblemDeadline
{
    public static ProblemState StateOf(DateOnly dueOn, DateOnly? closedOn, DateOnly today) => closedOn switch
    {
        { } closed when closed <= dueOn => ProblemState.ClosedInTime,
        not null => ProblemState.ClosedLate,
        null when today > dueOn => ProblemState.Overdue,
        _ => ProblemState.Open,
    };

    public static ProblemState StateOf(Problem problem, DateOnly today) => StateOf(problem.DueOn, problem.ClosedOn, today);

    /// <summary>Not closed and past its deadline on <paramref name="today"/>: what the watch job escalates.</summary>
    public static Expression<Func<Problem, bool>> IsOverdue(DateOnly today) => p => p.ClosedOn == null && p.DueOn < today;

    public static Expression<Func<Problem, bool>> IsOpen(DateOnly today) => p => p.ClosedOn == null && p.DueOn >= today;

    public static readonly Expression<Func<Problem, bool>> IsClosedInTime = p => p.ClosedOn != null && p.ClosedOn <= p.DueOn;

    public static readonly Expression<Func<Problem, bool>> IsClosedLate = p => p.ClosedOn != null && p.ClosedOn > p.DueOn;

    /// <summary>The problems in <paramref name="state"/> on <paramref name="today"/>, as a filter that runs in SQL.</summary>
    public static Expression<Func<Problem, bool>> In(ProblemState state, DateOnly today) => state switch
    {
        ProblemState.Open => IsOpen(today),
        ProblemState.Overdue => IsOverdue(today),
        ProblemState.ClosedInTime => IsClosedInTime,
        ProblemState.ClosedLate => IsClosedLate,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
