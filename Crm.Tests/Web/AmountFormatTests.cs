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

    [TestCase(350_000_000L, "RMB 350.0M")]
    [TestCase(40_000_000L, "RMB 40.0M")]
    [TestCase(1_000_000L, "RMB 1.0M")]
    [TestCase(123_456_789_000L, "RMB 123,456.8M")]
    [TestCase(500_000L, "RMB 500K")]
    [TestCase(12_345L, "RMB 12.3K")]
    [TestCase(0L, "RMB 0")]
    public void English_amounts_read_in_millions_and_below_a_million_in_thousands(long yuan, string expected) =>
        Assert.That(AmountFormat.Amount(yuan, En), Is.EqualTo(expected));

    [Test]
    public void English_sums_read_in_millions()
    {
        Assert.That(AmountFormat.InYi(350_000_000, En), Is.EqualTo("RMB 350.0M"));
        Assert.That(AmountFormat.InYi(25_000_000, En), Is.EqualTo("RMB 25.0M"));
    }

    [Test]
    public void Without_a_culture_the_reader_s_UI_culture_decides()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = En;
            Assert.That(AmountFormat.Amount(40_000_000), Is.EqualTo("RMB 40.0M"));
            CultureInfo.CurrentUICulture = Zh;
            Assert.That(AmountFormat.Amount(40_000_000), Is.EqualTo("4,000万元"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Test]
    public void Digits_follow_the_culture_and_a_culture_that_is_not_Chinese_reads_English_units()
    {
        Assert.That(AmountFormat.InYi(150_000_000_000, Zh), Is.EqualTo("1,500亿元"));
        Assert.That(AmountFormat.Amount(1_500_000_000, new CultureInfo("de-DE")), Is.EqualTo("RMB 1.500,0M"));
    }

    [Test]
    public void Spreadsheet_numbers_are_in_the_unit_their_header_names()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AmountFormat.SumNumber(350_000_000, Zh), Is.EqualTo(3.5m));
            Assert.That(AmountFormat.SumNumber(350_000_000, En), Is.EqualTo(350m));
            Assert.That(AmountFormat.TableNumber(1_234_567_890, Zh), Is.EqualTo(123_456.789m));
            Assert.That(AmountFormat.TableNumber(1_234_567_890, En), Is.EqualTo(1_234.56789m));
            Assert.That(Catalogue.Text("Unit.SumHeader", Zh), Is.EqualTo("亿元"));
            Assert.That(Catalogue.Text("Unit.SumHeader", En), Is.EqualTo("RMB M"));
            Assert.That(Catalogue.Text("Unit.TableHeader", Zh), Is.EqualTo("万元"));
        });
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
