using System.Globalization;

using Crm.Domain.Localization;

namespace Crm.Domain.Reviews;

/// <summary>
/// The review's rates, each defined once with the window it counts (docs/review-counting-rules.md, "Rates"): the page
/// and the workbook name a rate by its "ReviewRate.{name}" entry, which says what it divides by what, and show "—"
/// when nothing is there to divide by.
/// </summary>
public static class ReviewRates
{
    /// <summary>Leads created this quarter that reached Signed by the quarter's end (or today).</summary>
    public const string QuarterConversion = nameof(QuarterConversion);
    /// <summary>Leads created from 1 January to the quarter's end that reached Signed by then.</summary>
    public const string YearConversion = nameof(YearConversion);
    /// <summary>Deals signed this year (1 January to the quarter's end) that had started by then.</summary>
    public const string StartedRate = nameof(StartedRate);
    /// <summary>Deals signed this year that were producing by the quarter's end.</summary>
    public const string ProducingRate = nameof(ProducingRate);

    /// <summary>五率 (<see cref="FiveRatesService"/>): signings of the window with their land handed over by its end.</summary>
    public const string LandRate = nameof(LandRate);
    /// <summary>五率: signings of the window at capacity by its end.</summary>
    public const string AtCapacityRate = nameof(AtCapacityRate);
    /// <summary>五率: signings of the window with no milestone behind on its last day counted.</summary>
    public const string OnScheduleRate = nameof(OnScheduleRate);

    /// <summary>The rates of the review's rates section and its workbook; the five rates have their own panel.</summary>
    public static readonly IReadOnlyList<string> All = [QuarterConversion, YearConversion, StartedRate, ProducingRate];

    /// <summary>part ÷ whole in percent, one decimal, rounded half away from zero; null (shown "—") when whole is 0.</summary>
    public static decimal? Percent(long part, long whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>The rate's short name, for a column header ("签约转化率(本季线索)").</summary>
    public static string Name(string rate, CultureInfo culture) => Catalogue.Text($"ReviewRate.{rate}", culture);

    /// <summary>What the rate counts, in a sentence: its window, numerator and denominator.</summary>
    public static string Definition(string rate, CultureInfo culture) => Catalogue.Text($"ReviewRate.{rate}.Definition", culture);

    /// <summary>"75.0%", or "—" without a denominator.</summary>
    public static string Show(decimal? percent, CultureInfo culture) => FigureWords.Percent(percent, culture);
}
