using Crm.Domain.Common;
using Crm.Domain.Targets;
using Crm.Domain.Users;

namespace Crm.Domain.Reviews;

/// <summary>
/// Each figure of the review over the four quarters ending at the page's quarter, the year to date and the year's
/// target (the sum of its four quarterly targets), for the zone or one desk: whether a desk is catching up.
/// </summary>
public sealed record ReviewTrends
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    /// <summary>The desk the trends are of; null for the zone.</summary>
    public string? Desk { get; init; }
    /// <summary>The four quarters, oldest first; the last is the page's.</summary>
    public required IReadOnlyList<TrendQuarter> Quarters { get; init; }
    public required IReadOnlyList<TrendLine> Lines { get; init; }
}

/// <summary>A quarter of the trends, as the API names it (year and quarter only).</summary>
public sealed record TrendQuarter(int Year, int Quarter);

/// <summary>One figure's trend: its actual in each of <see cref="ReviewTrends.Quarters"/>, the year to date, the annual target and what is still missing.</summary>
public sealed record TrendLine
{
    /// <summary>The figure's stable name (<see cref="FigureSet.All"/>).</summary>
    public required string Figure { get; init; }
    public required IReadOnlyList<long> Actuals { get; init; }
    /// <summary>From 1 January to the end of the page's quarter (or today, in a running quarter).</summary>
    public required long YearToDate { get; init; }
    public required long AnnualTarget { get; init; }
    /// <summary>The annual target not yet reached; 0 once it is.</summary>
    public long Gap => Math.Max(0, AnnualTarget - YearToDate);
}

/// <summary>The trends, from the quarter figures as the review counts them (<see cref="QuarterFigures"/>), in the caller's scope.</summary>
public sealed class ReviewTrendsService(ReviewService reviews, QuarterFigures figures, TargetService targets)
{
    public async Task<ServiceResult<ReviewTrends>> GetAsync(CurrentUser user, int year, int quarter, string? desk, CancellationToken ct)
    {
        return await reviews.ScopeAsync(user, desk, ct) switch
        {
            ServiceResult<string?>.Ok ok => await BuildAsync(year, quarter, ok.Value, ct),
            ServiceResult<string?>.Forbidden => new ServiceResult<ReviewTrends>.Forbidden(),
            _ => new ServiceResult<ReviewTrends>.NotFound(),
        };
    }

    /// <summary>
    /// A deal counts in a stage once, in the quarter of its first entry (<see cref="StageEntries"/>), so the year to
    /// date is the sum of the year's quarters so far: four quarter counts, read one after the other, whatever the zone's size.
    /// </summary>
    public async Task<ReviewTrends> BuildAsync(int year, int quarter, string? desk, CancellationToken ct)
    {
        var last = new QuarterPeriod(year, quarter);
        var quarters = new List<QuarterPeriod> { last };
        while (quarters.Count < 4)
        {
            quarters.Insert(0, quarters[0].Previous);
        }
        var sets = new List<FigureSet>();
        foreach (var period in quarters)
        {
            var result = await figures.GetFiguresAsync(period.Year, period.Quarter, desk, ct: ct);
            sets.Add(desk is null ? result.Zone! : result.Desks[desk]);
        }
        var annual = new Dictionary<string, long>();
        for (var q = 1; q <= 4; q++)
        {
            var goals = await targets.ReadAsync(new QuarterPeriod(year, q), ct);
            var goal = desk is null ? goals.Zone : goals.Desks.GetValueOrDefault(desk) ?? TargetFigures.Zero;
            foreach (var (name, figure) in TargetsOf(goal))
            {
                annual[name] = annual.GetValueOrDefault(name) + figure;
            }
        }
        var thisYear = quarters.Select((p, i) => (p, i)).Where(x => x.p.Year == year).Select(x => x.i).ToList();
        var lines = sets[^1].All().Select((f, index) =>
        {
            var actuals = sets.Select(s => s.All().ElementAt(index).Figure.Actual).ToList();
            return new TrendLine
            {
                Figure = f.Name,
                Actuals = actuals,
                YearToDate = thisYear.Sum(i => actuals[i]),
                AnnualTarget = annual.GetValueOrDefault(f.Name),
            };
        }).ToList();
        return new ReviewTrends { Year = year, Quarter = quarter, Desk = desk, Quarters = [.. quarters.Select(q => new TrendQuarter(q.Year, q.Quarter))], Lines = lines };
    }

    /// <summary>A quarter's targets under the figures' names: the same pairs as <see cref="FigureSet.All"/>.</summary>
    private static IEnumerable<(string Name, long Target)> TargetsOf(TargetFigures goal) =>
        FigureSet.Of(goal).All().Select(f => (f.Name, f.Figure.Target));
}
