namespace Crm.Domain.Common;

/// <summary>The zone's calendar: business dates are dates in Asia/Shanghai, instants are UTC.</summary>
public static class ZoneTime
{
    public const string ZoneId = "Asia/Shanghai";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static DateOnly ZoneToday(this TimeProvider time) => ToZoneDate(time.GetUtcNow().UtcDateTime);

    public static DateTime UtcNow(this TimeProvider time) => time.GetUtcNow().UtcDateTime;

    public static DateOnly ToZoneDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    /// <summary>The UTC instant at which a zone date begins.</summary>
    public static DateTime StartOfZoneDateUtc(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), Zone);
}
