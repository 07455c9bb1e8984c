using System.Globalization;

namespace Crm.Web.Jobs;

/// <summary>
/// Just enough of five-field cron (numbers, *, lists, ranges, steps) to find a schedule's last occurrence
/// before now, which is what the catch-up at start needs. Hangfire keeps its own parser internal.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] _minutes = new bool[60];
    private readonly bool[] _hours = new bool[24];
    private readonly bool[] _days = new bool[32];
    private readonly bool[] _months = new bool[13];
    private readonly bool[] _weekdays = new bool[8];
    private readonly bool _anyDay;
    private readonly bool _anyWeekday;

    public CronSchedule(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"'{cron}' is not a five-field cron expression.");
        }
        Fill(_minutes, fields[0], 0, 59);
        Fill(_hours, fields[1], 0, 23);
        Fill(_days, fields[2], 1, 31);
        Fill(_months, fields[3], 1, 12);
        Fill(_weekdays, fields[4], 0, 7);
        _weekdays[0] |= _weekdays[7];
        _anyDay = fields[2] == "*";
        _anyWeekday = fields[4] == "*";
    }

    public bool Matches(DateTime local)
    {
        if (!_minutes[local.Minute] || !_hours[local.Hour] || !_months[local.Month])
        {
            return false;
        }
        var day = _days[local.Day];
        var weekday = _weekdays[(int)local.DayOfWeek];
        // Classic cron: when both day fields are restricted, either may match.
        return _anyDay || _anyWeekday ? day && weekday : day || weekday;
    }

    /// <summary>The latest occurrence at or before <paramref name="local"/> within <paramref name="lookBack"/>, in the same clock.</summary>
    public DateTime? LastAtOrBefore(DateTime local, TimeSpan lookBack)
    {
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Kind);
        for (var end = local - lookBack; t >= end; t = t.AddMinutes(-1))
        {
            if (Matches(t))
            {
                return t;
            }
        }
        return null;
    }

    private static void Fill(bool[] set, string field, int min, int max)
    {
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') is [var r, var s] ? (r, int.Parse(s, CultureInfo.InvariantCulture)) : (part, 1);
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture));
            }
            else
            {
                from = int.Parse(range, CultureInfo.InvariantCulture);
                to = step > 1 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1)
            {
                throw new FormatException($"'{field}' is out of range {min}-{max}.");
            }
            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }
    }
}
