using Cronos;

namespace Crm.Web.Jobs;

/// <summary>
/// A recurring job's cron expression, read by Cronos (the parser Hangfire keeps internal), with Hangfire's rule
/// for which format applies: five fields, six with seconds first, or a macro (@daily). What this accepts, Hangfire accepts.
/// </summary>
public sealed class CronSchedule
{
    private static readonly char[] Separators = [' ', '\t'];
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression) => (Text, _expression) = (text, expression);

    public string Text { get; }

    /// <returns>Null when <paramref name="cron"/> is a schedule; else why it is not.</returns>
    public static string? Problem(string cron) => TryParse(cron, out _, out var problem) ? null : problem;

    public static CronSchedule Parse(string cron) =>
        TryParse(cron, out var schedule, out var problem) ? schedule : throw new FormatException($"'{cron}': {problem}");

    public static bool TryParse(string cron, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule, out string? problem)
    {
        (schedule, problem) = (null, null);
        var fields = cron.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Length;
        var macro = fields == 1 && cron.TrimStart().StartsWith('@');
        if (fields is not (5 or 6) && !macro)
        {
            problem = $"{fields} fields; a schedule has five (minute hour day-of-month month day-of-week), six (seconds first) or is a macro such as @daily.";
            return false;
        }
        try
        {
            schedule = new CronSchedule(cron, CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard));
            return true;
        }
        catch (CronFormatException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The latest occurrence (UTC) at or before <paramref name="utcNow"/> and within <paramref name="lookBack"/>, the
    /// schedule read in <paramref name="zone"/>. Cronos looks forward only, so the window widens from a minute until
    /// it holds an occurrence: a schedule every second costs a minute's worth, a quarterly one a few steps.
    /// </summary>
    public DateTime? LastAtOrBefore(DateTime utcNow, TimeZoneInfo zone, TimeSpan lookBack)
    {
        var earliest = utcNow - lookBack;
        for (var window = TimeSpan.FromMinutes(1); ; window *= 2)
        {
            var from = window < lookBack ? utcNow - window : earliest;
            DateTime? last = null;
            foreach (var occurrence in _expression.GetOccurrences(from, utcNow, zone, fromInclusive: true, toInclusive: true))
            {
                last = occurrence;
            }
            if (last is not null || from == earliest)
            {
                return last;
            }
        }
    }

    public override string ToString() => Text;
}
