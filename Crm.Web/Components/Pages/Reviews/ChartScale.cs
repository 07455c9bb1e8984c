namespace Crm.Web.Components.Pages.Reviews;

/// <summary>
/// An axis scaled to its data: 0 to the smallest "nice" bound (1, 2 or 5 × 10ⁿ steps, at most <see cref="MaxTicks"/>
/// steps) at or above the largest value, so values of 1–4 fill the chart and ticks read 0, 1, 2 … or 0, 0.5, 1 ….
/// Counts step by whole numbers.
/// </summary>
public sealed record ChartScale(double Max, double Step)
{
    public const int MaxTicks = 5;

    private static readonly double[] Multiples = [1, 2, 5, 10];

    public static ChartScale For(IEnumerable<double> values, bool wholeNumbers)
    {
        var max = values.Where(v => double.IsFinite(v)).DefaultIfEmpty(0).Max();
        if (max <= 0)
        {
            return new ChartScale(wholeNumbers ? MaxTicks : 1, wholeNumbers ? 1 : 0.2);
        }
        var rough = max / MaxTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = Multiples.Select(m => m * magnitude).First(s => s >= rough - (rough * 1e-9));
        if (wholeNumbers)
        {
            step = Math.Max(1, Math.Ceiling(step));
        }
        var top = Math.Ceiling((max / step) - 1e-9) * step;
        return new ChartScale(top, step);
    }

    public IReadOnlyList<double> Ticks =>
        [.. Enumerable.Range(0, (int)Math.Round(Max / Step) + 1).Select(i => Math.Round(i * Step, 10))];

    /// <summary>Where <paramref name="value"/> stands, in percent of the axis.</summary>
    public double Percent(double value) => Max <= 0 ? 0 : Math.Clamp(value / Max * 100, 0, 100);
}

/// <summary>One bar of a review chart: its label, value (and target, drawn as a line), and the drill-down it opens.</summary>
public sealed record ChartBar(string Label, double Value, string ValueText, Crm.Domain.Reviews.ReviewDrill Drill, string DrillTitle)
{
    public double? Target { get; init; }
    public string? TargetText { get; init; }
}
