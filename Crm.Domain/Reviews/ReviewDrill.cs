using Crm.Domain.Deals;
using Crm.Domain.Targets;

namespace Crm.Domain.Reviews;

/// <summary>
/// The deals behind one number of the review (docs/review-counting-rules.md, "Drill-down"): one list, read by the same
/// query as the API's <c>expand=deals</c> lists, narrowed by the cell's filters in SQL. The page opens one for every
/// figure, chart element and table cell it shows.
/// </summary>
public sealed record ReviewDrill
{
    public required ReviewDrillList List { get; init; }
    /// <summary><see cref="ReviewDrillList.Entered"/>: the stage entered; <see cref="ReviewDrillList.Snapshot"/>: the stage as of the day counted.</summary>
    public DealStage? Stage { get; init; }
    /// <summary><see cref="ReviewDrillList.Snapshot"/>: the status as of the day counted.</summary>
    public DealStatus? Status { get; init; }
    /// <summary>A desk within the review's scope (a zone review's desk row or bar).</summary>
    public string? Desk { get; init; }
    public DealSource? Source { get; init; }
    /// <summary>The month (1–12) of the date that put the deal in the list: the signed-by-month chart.</summary>
    public int? Month { get; init; }
    /// <summary>Only deals of <see cref="TargetFigures.MajorProjectYuan"/> or more.</summary>
    public bool MajorOnly { get; init; }
    /// <summary>Only deals of top-tier companies.</summary>
    public bool TopTierOnly { get; init; }

    /// <summary>The deals behind a figure's actual (<see cref="FigureSet.All"/> names): every figure but started and producing counts signings.</summary>
    public static ReviewDrill ForFigure(string figure, string? desk = null) => figure switch
    {
        nameof(FigureSet.Started) => new() { List = ReviewDrillList.Started, Desk = desk },
        nameof(FigureSet.Producing) => new() { List = ReviewDrillList.Producing, Desk = desk },
        nameof(FigureSet.MajorProjects) => new() { List = ReviewDrillList.Signed, Desk = desk, MajorOnly = true },
        nameof(FigureSet.TopTierCompanies) => new() { List = ReviewDrillList.Signed, Desk = desk, TopTierOnly = true },
        nameof(FigureSet.Signed) or nameof(FigureSet.SignedInvestmentYuan) => new() { List = ReviewDrillList.Signed, Desk = desk },
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, "Not a figure of the review."),
    };

    /// <summary>The list of <paramref name="list"/> (exactly one flag), as the API returns it.</summary>
    public static ReviewDrillList Of(ReviewLists list) => list switch
    {
        ReviewLists.Leads => ReviewDrillList.Leads,
        ReviewLists.Signed => ReviewDrillList.Signed,
        ReviewLists.Started => ReviewDrillList.Started,
        ReviewLists.Producing => ReviewDrillList.Producing,
        ReviewLists.Snapshot => ReviewDrillList.Snapshot,
        ReviewLists.SlippedStart => ReviewDrillList.SlippedStart,
        ReviewLists.SlippedProduction => ReviewDrillList.SlippedProduction,
        ReviewLists.Stale => ReviewDrillList.Stale,
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, "One list at a time."),
    };
}

/// <summary>
/// The lists a drill-down reads. The first eight are the API's <see cref="ReviewLists"/>; the others are the page's
/// sections that count over other windows, each from the same first-entry rule.
/// </summary>
public enum ReviewDrillList
{
    Leads,
    Signed,
    Started,
    Producing,
    Snapshot,
    SlippedStart,
    SlippedProduction,
    Stale,
    /// <summary>First entered <see cref="ReviewDrill.Stage"/> within the quarter: the funnel.</summary>
    Entered,
    /// <summary>First signed from 1 January to the day counted: signed by month and the rates' cohort.</summary>
    SignedThisYear,
    /// <summary>Of <see cref="SignedThisYear"/>, those started by the day counted.</summary>
    SignedThisYearStarted,
    /// <summary>Of <see cref="SignedThisYear"/>, those producing by the day counted.</summary>
    SignedThisYearProducing,
    /// <summary>Of the quarter's <see cref="Leads"/>, those signed by the day counted: the quarter's conversion.</summary>
    LeadsSigned,
    /// <summary>Leads created from 1 January to the day counted: the year-to-date conversion's denominator.</summary>
    LeadsThisYear,
    /// <summary>Of <see cref="LeadsThisYear"/>, those signed by the day counted.</summary>
    LeadsThisYearSigned,
    /// <summary>First entered Producing from 1 January to the day counted: the year's plan's projects built and producing.</summary>
    ProducingThisYear,
}
