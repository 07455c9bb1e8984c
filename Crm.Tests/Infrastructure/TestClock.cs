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
    /// Its timers run in real time (<see cref="StandingClock"/>): MudBlazor's components schedule on the host's clock.
    /// </summary>
    public static StandingClock AtPresent() => new(DateTimeOffset.UtcNow);
}

/// <summary>
/// "Now" stands still until a test moves it, as with <see cref="FakeTimeProvider"/>, but timers and delays run on the
/// system's clock. The browser host needs both: MudBlazor 9 injects the host's <see cref="TimeProvider"/> for its
/// debounce and popover timers (MudAutocomplete, MudSelect, MudDebouncedInput), and on a frozen fake clock those never
/// fire, so an autocomplete searched its first text change only and every later keystroke showed no option.
/// </summary>
public sealed class StandingClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves "now" on (timers already set keep their real-time schedule).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
