namespace Crm.Domain.Targets;

/// <summary>
/// A calendar quarter of the zone. Its bounds are business dates (the zone's calendar, Asia/Shanghai), so a stage
/// change effective 31 March belongs to Q1 whatever the UTC instant it was recorded at.
/// </summary>
public readonly record struct QuarterPeriod(int Year, int Quarter)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public DateOnly Start => new(Year, (Quarter - 1) * 3 + 1, 1);
    public DateOnly End => Start.AddMonths(3).AddDays(-1);
    public DateOnly YearStart => new(Year, 1, 1);
    public QuarterPeriod Previous => Of(Start.AddDays(-1));

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    /// <summary>
    /// The last day counted on <paramref name="today"/> (docs/review-counting-rules.md, "as of"): a closed quarter to its
    /// last day, the running one to today; a quarter not yet begun counts nothing (the day is before its start).
    /// </summary>
    public DateOnly CountedTo(DateOnly today) => today < End ? today : End;

    /// <summary>Whether the quarter still runs on <paramref name="today"/> (its last day closes it: nothing is left to project).</summary>
    public bool IsRunningOn(DateOnly today) => today >= Start && today < End;

    /// <summary>Whether the quarter's last day is behind <paramref name="today"/>: only then may it be closed (decision 0017).</summary>
    public bool HasEndedBy(DateOnly today) => End < today;

    public static bool IsValid(int year, int quarter) => year is >= MinYear and <= MaxYear && quarter is >= 1 and <= 4;

    public static QuarterPeriod Of(DateOnly date) => new(date.Year, (date.Month - 1) / 3 + 1);

    public override string ToString() => $"{Year}-Q{Quarter}";
}
