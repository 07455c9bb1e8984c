using Crm.Domain.Common;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// Frozen clocks for tests that reckon with "today": the test and its host read one instant, so no test sees the
/// zone date change halfway (near midnight in Beijing the zone date and the UTC date differ, and the real date moves on).
/// </summary>
public static class TestClock
{
    /// <summary>Monday 15 June 2026, 12:00 in Asia/Shanghai: mid-day, mid-month, mid-quarter.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 6, 15, 4, 0, 0, TimeSpan.Zero);

    /// <summary>The zone date of <see cref="Noon"/>.</summary>
    public static DateOnly Today => ZoneTime.ToZoneDate(Noon.UtcDateTime);

    /// <summary>A clock standing at <see cref="Noon"/> until a test advances it.</summary>
    public static FakeTimeProvider AtNoon() => new(Noon);

    /// <summary>
    /// A clock standing at the real present: for a browser, which drops a cookie that expired by its own (real) clock.
    /// </summary>
    public static FakeTimeProvider AtPresent() => new(DateTimeOffset.UtcNow);
}
