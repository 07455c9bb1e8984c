using System.Globalization;
using Crm.Domain.Localization;

namespace Crm.Tests.Web;

public sealed class AmountFormatTests
{
    private static readonly CultureInfo Zh = new("zh-CN");
    private static readonly CultureInfo En = new("en");

    [TestCase(350_000_000L, "3.5亿元")]
    [TestCase(100_000_000L, "1亿元")]
    [TestCase(123_456_789_000L, "1,234.57亿元")]
    [TestCase(25_000_000L, "2,500万元")]
    [TestCase(12_345L, "1.23万元")]
    [TestCase(0L, "0万元")]
    public void Amount_picks_the_unit_that_reads_best(long yuan, string expected) =>
        Assert.That(AmountFormat.Amount(yuan, Zh), Is.EqualTo(expected));

    [Test]
    public void Amount_of_an_unknown_figure_is_a_dash() =>
        Assert.That(AmountFormat.Amount(null, Zh), Is.EqualTo("—"));

    [Test]
    public void InYi_sums_stay_in_yi_even_when_small() =>
        Assert.That(AmountFormat.InYi(25_000_000, Zh), Is.EqualTo("0.25亿元"));

    [Test]
    public void Digits_follow_the_culture_and_units_stay_the_zones()
    {
        Assert.That(AmountFormat.InYi(150_000_000_000, new CultureInfo("de-DE")), Is.EqualTo("1.500亿元"));
        Assert.That(AmountFormat.InYi(150_000_000_000, En), Is.EqualTo("1,500亿元"));
    }

    [Test]
    public void Wan_round_trips_to_whole_yuan()
    {
        Assert.That(AmountFormat.FromWan(50_000m), Is.EqualTo(500_000_000L));
        Assert.That(AmountFormat.FromWan(0.00005m), Is.EqualTo(1L));
        Assert.That(AmountFormat.FromWan(null), Is.Null);
        Assert.That(AmountFormat.ToWan(500_000_000), Is.EqualTo(50_000m));
    }

    [Test]
    public void Zone_dates_show_instants_in_shanghai_time()
    {
        Assert.That(ZoneDates.Show(new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc)), Is.EqualTo("2026-04-01 00:30"));
        Assert.That(ZoneDates.Show(new DateOnly(2026, 4, 1)), Is.EqualTo("2026-04-01"));
        Assert.That(ZoneDates.Show((DateOnly?)null), Is.EqualTo("—"));
    }
}
