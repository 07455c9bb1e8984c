namespace Crm.Domain.Problems;

/// <summary>
/// One department's closure rate over a period: of the problems due in it (<see cref="Due"/>), those closed in time
/// (<see cref="ProblemDeadline.IsClosedInTime"/>). <see cref="Percent"/> is null when nothing was due, and such a
/// department has no <see cref="Rank"/> (docs/review-counting-rules.md, "The problem list").
/// </summary>
public sealed record DepartmentClosure(string DepartmentCode, string Name, string NameEn, int SortOrder, int Due, int ClosedInTime)
{
    public decimal? Percent => Due == 0 ? null : Math.Round(ClosedInTime * 100m / Due, 1, MidpointRounding.AwayFromZero);

    public int? Rank { get; init; }

    /// <summary>
    /// Highest rate first; equal rates share a rank (1, 2, 2, 4), the one with more problems due listed first; departments
    /// with nothing due come last, unranked, in their sort order.
    /// </summary>
    public static IReadOnlyList<DepartmentClosure> Ranked(IEnumerable<DepartmentClosure> departments)
    {
        var all = departments.ToList();
        var rated = all.Where(d => d.Due > 0).OrderByDescending(d => d.Percent).ThenByDescending(d => d.Due).ThenBy(d => d.SortOrder).ToList();
        var ranked = new List<DepartmentClosure>(all.Count);
        for (var i = 0; i < rated.Count; i++)
        {
            var rank = i > 0 && rated[i].Percent == rated[i - 1].Percent ? ranked[i - 1].Rank : i + 1;
            ranked.Add(rated[i] with { Rank = rank });
        }
        ranked.AddRange(all.Where(d => d.Due == 0).OrderBy(d => d.SortOrder).ThenBy(d => d.DepartmentCode));
        return ranked;
    }
}
