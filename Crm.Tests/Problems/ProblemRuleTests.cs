using Crm.Domain.Jobs;
using Crm.Domain.Problems;

namespace Crm.Tests.Problems;

public sealed class ProblemDeadlineTests
{
    internal static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly DateOnly Due = new(2026, 12, 10);

    // Worked by hand: the deadline day is still in time; the day after, an open problem is overdue.
    [TestCase("2026-12-09", null, ProblemState.Open)]
    [TestCase("2026-12-10", null, ProblemState.Open)]
    [TestCase("2026-12-11", null, ProblemState.Overdue)]
    [TestCase("2026-12-20", "2026-12-10", ProblemState.ClosedInTime)]
    [TestCase("2026-12-20", "2026-12-02", ProblemState.ClosedInTime)]
    [TestCase("2026-12-20", "2026-12-11", ProblemState.ClosedLate)]
    [TestCase("2026-12-05", "2026-12-04", ProblemState.ClosedInTime)]
    public void StateOf_the_deadline_and_the_closing_day(string today, string? closedOn, ProblemState expected) =>
        Assert.That(ProblemDeadline.StateOf(Due, closedOn is null ? null : D(closedOn), D(today)), Is.EqualTo(expected));

    [Test]
    public void The_sql_predicates_agree_with_the_rule()
    {
        var today = new DateOnly(2026, 12, 11);
        var problems = new[]
        {
            Problem(Due, null), Problem(today, null), Problem(Due, Due), Problem(Due, today),
        };
        foreach (var state in Enum.GetValues<ProblemState>())
        {
            var predicate = ProblemDeadline.In(state, today).Compile();
            Assert.That(problems.Where(predicate).Select(p => ProblemDeadline.StateOf(p, today)), Is.All.EqualTo(state), state.ToString());
            Assert.That(problems.Count(predicate), Is.EqualTo(1), state.ToString());
        }
    }

    private static Problem Problem(DateOnly due, DateOnly? closed)
    {
        var p = new Problem { Description = "x", LoggedById = "u", DepartmentCode = "D", AssigneeId = "a", DueOn = due, LoggedOn = due.AddDays(-10) };
        if (closed is { } on)
        {
            p.Close("done", on, "a");
        }
        return p;
    }
}

public sealed class DepartmentClosureTests
{
    private static DateOnly D(string s) => ProblemDeadlineTests.D(s);

    [Test]
    public void Departments_rank_by_closed_in_time_over_due_ties_share_a_rank_and_nothing_due_is_unranked()
    {
        var ranked = DepartmentClosure.Ranked(
        [
            new("LAND", "国土分局", "Land", 1, Due: 4, ClosedInTime: 2),   // 50.0 %
            new("PLAN", "规划建设局", "Planning", 2, Due: 0, ClosedInTime: 0), // nothing due: "—"
            new("POWER", "供电公司", "Power", 3, Due: 3, ClosedInTime: 3), // 100.0 %
            new("WATER", "水务公司", "Water", 4, Due: 2, ClosedInTime: 1), // 50.0 %, fewer due than LAND
            new("FIN", "财政局", "Finance", 5, Due: 3, ClosedInTime: 1),   // 33.3 %
        ]);
        Assert.That(ranked.Select(d => (d.DepartmentCode, d.Rank, d.Percent)), Is.EqualTo(new (string, int?, decimal?)[]
        {
            ("POWER", 1, 100.0m), ("LAND", 2, 50.0m), ("WATER", 2, 50.0m), ("FIN", 4, 33.3m), ("PLAN", null, null),
        }));
    }

    // A run covers the ten-day period (旬) that ended the day before.
    [TestCase("2026-12-11", "2026-12-01", "2026-12-10")]
    [TestCase("2026-12-21", "2026-12-11", "2026-12-20")]
    [TestCase("2027-01-01", "2026-12-21", "2026-12-31")]
    [TestCase("2027-03-01", "2027-02-21", "2027-02-28")]
    public void The_ten_day_run_covers_the_period_just_ended(string run, string from, string to) =>
        Assert.That(TenDayAssessmentJob.ProblemPeriod(D(run)), Is.EqualTo((D(from), D(to))));
}
