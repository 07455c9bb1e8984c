using System.Globalization;
using System.Text;

namespace Crm.Domain.Calendar;

/// <summary>An all-day event of a feed.</summary>
public sealed record ICalendarEvent(string Uid, DateOnly On, string Summary, string? Description, string? Url);

/// <summary>
/// The small part of iCalendar (RFC 5545) a read-only feed needs: a VCALENDAR of all-day VEVENTs. Text values are
/// escaped (§3.3.11: backslash, semicolon, comma, newline), lines end in CRLF and are folded at 75 octets of UTF-8
/// without splitting a character (§3.1). No package of the zone's list is pinned for it, so it is written here.
/// </summary>
public static class ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const int MaxOctets = 75;

    public static string Write(IEnumerable<ICalendarEvent> events, DateTime stampUtc)
    {
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:-//Zone CRM//Follow-up calendar//EN");
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:PUBLISH");
        var stamp = stampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            Line(ics, "BEGIN:VEVENT");
            Line(ics, "UID:" + Escape(e.Uid));
            Line(ics, "DTSTAMP:" + stamp);
            Line(ics, "DTSTART;VALUE=DATE:" + e.On.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(ics, "DTEND;VALUE=DATE:" + e.On.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(ics, "SUMMARY:" + Escape(e.Summary));
            if (e.Description is { Length: > 0 } description)
            {
                Line(ics, "DESCRIPTION:" + Escape(description));
            }
            if (e.Url is { Length: > 0 } url)
            {
                // URI values are not escaped as text (§3.3.13).
                Line(ics, "URL:" + url);
            }
            Line(ics, "TRANSP:TRANSPARENT");
            Line(ics, "END:VEVENT");
        }
        Line(ics, "END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary>TEXT escaping of RFC 5545 §3.3.11; a CR is dropped, a control character becomes a space.</summary>
    public static string Escape(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': s.Append(@"\\"); break;
                case ';': s.Append(@"\;"); break;
                case ',': s.Append(@"\,"); break;
                case '\n': s.Append(@"\n"); break;
                case '\r': break;
                case < ' ' or '\u007f': s.Append(' '); break;
                default: s.Append(c); break;
            }
        }
        return s.ToString();
    }

    /// <summary>Writes one content line folded at 75 octets: CRLF and a space before each continuation (§3.1).</summary>
    private static void Line(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = MaxOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 0;
                limit = MaxOctets - 1; // the leading space counts
            }
            ics.Append(line, i, length);
            octets += size;
            i += length - 1;
        }
        ics.Append("\r\n");
    }
}
