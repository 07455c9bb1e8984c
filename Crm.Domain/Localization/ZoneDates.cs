using Crm.Domain.Common;

namespace Crm.Domain.Localization;

/// <summary>Dates as the zone reads them: business dates as they are, instants turned into Asia/Shanghai time.</summary>
public static class ZoneDates
{
    public static string Show(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? AmountFormat.None;

    public static string Show(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ZoneTime.Zone)
            .ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTime? ToPicker(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? FromPicker(DateTime? value) => value is { } v ? DateOnly.FromDateTime(v) : null;
}
