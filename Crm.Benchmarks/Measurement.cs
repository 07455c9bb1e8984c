using System.Globalization;

namespace Crm.Benchmarks;

/// <summary>What a row measured: the figure and the baseline as a person reads them, and the numbers the goals compare.</summary>
public sealed class Measurement(BenchRow row)
{
    public const string FigureKey = "figure";
    public const string BaselineKey = "baseline";
    public const string RatioKey = "ratio";

    public BenchRow Row { get; } = row;
    public string Figure { get; set; } = "—";
    public string BaselineFigure { get; set; } = "—";
    public Dictionary<string, double> Values { get; } = [];
    public string? Note { get; set; }

    public double? Ratio => Values.TryGetValue(RatioKey, out var r) ? r : null;

    /// <summary>True when every goal holds, false when one fails, null when the row could not be measured.</summary>
    public bool? Passed
    {
        get
        {
            var checks = Row.Goals.Select(g => g.Holds(this)).ToList();
            return checks.Any(c => c is null) ? null : checks.All(c => c == true);
        }
    }

    public Measurement Set(string key, double value)
    {
        Values[key] = value;
        return this;
    }

    public static string Ms(double ms) => ms >= 10_000 ? $"{ms / 1000:0.0} s" : ms >= 100 ? $"{ms:0} ms" : $"{ms:0.0} ms";

    public static string Mb(double mb) => $"{mb:0} MB";

    public static string Rate(double perSecond) => $"{perSecond.ToString("N0", CultureInfo.InvariantCulture)} req/s";
}
