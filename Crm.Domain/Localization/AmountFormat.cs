using System.Globalization;

namespace Crm.Domain.Localization;

/// <summary>
/// Money in the reader's language (docs/decisions/0007-english-amounts.md). Chinese counts in 万元 (10⁴) and
/// 亿元 (10⁸): "4,000万元", "3.5亿元". English counts in millions and thousands of yuan: "RMB 40.0M", "RMB 350.0M",
/// "RMB 500K". The scale of each unit is decided here, the unit's words are the catalogue's ("Amount.*", "Unit.*").
/// A culture that is not Chinese reads English, as the catalogue's fallback does; digits follow the culture.
/// </summary>
public static class AmountFormat
{
    public const long Wan = 10_000;
    public const long Yi = 100_000_000;
    public const long Thousand = 1_000;
    public const long Million = 1_000_000;
    public const string None = "—";

    private static CultureInfo Of(CultureInfo? culture) => culture ?? CultureInfo.CurrentUICulture;

    public static bool IsChinese(CultureInfo? culture) => Of(culture).TwoLetterISOLanguageName == "zh";

    /// <summary>The unit sums are shown in: 亿 in Chinese, millions in English.</summary>
    public static long SumUnit(CultureInfo? culture) => IsChinese(culture) ? Yi : Million;

    /// <summary>The unit tables (the review's workbook, the figures of the assessment) count in: 万 in Chinese, millions in English.</summary>
    public static long TableUnit(CultureInfo? culture) => IsChinese(culture) ? Wan : Million;

    /// <summary>A sum as column headers and totals show it: 350,000,000 → "3.5亿元" / "RMB 350.0M".</summary>
    public static string InYi(long yuan, CultureInfo? culture = null)
    {
        var c = Of(culture);
        return Catalogue.Text("Amount.Large", c, Number(yuan, SumUnit(c), IsChinese(c) ? "#,0.##" : "#,0.0", c));
    }

    /// <summary>
    /// One amount in the unit that reads best, "—" when unknown. Chinese: 亿元 from 1亿 up, else 万元.
    /// English: millions from 1M up ("RMB 40.0M"), else thousands ("RMB 500K"); nothing is "RMB 0".
    /// </summary>
    public static string Amount(long? yuan, CultureInfo? culture = null)
    {
        if (yuan is not { } value)
        {
            return None;
        }
        var c = Of(culture);
        if (IsChinese(c))
        {
            return Math.Abs(value) >= Yi
                ? Catalogue.Text("Amount.Large", c, Number(value, Yi, "#,0.##", c))
                : Catalogue.Text("Amount.Small", c, Number(value, Wan, "#,0.##", c));
        }
        return value == 0 ? Catalogue.Text("Amount.Zero", c)
            : Math.Abs(value) >= Million ? Catalogue.Text("Amount.Large", c, Number(value, Million, "#,0.0", c))
            : Catalogue.Text("Amount.Small", c, Number(value, Thousand, "#,0.#", c));
    }

    /// <summary>A sum as a spreadsheet number in <see cref="SumUnit"/> (to the 万元), so a column adds up: 350,000,000 → 3.5 / 350.</summary>
    public static decimal SumNumber(long yuan, CultureInfo? culture = null) =>
        Math.Round(yuan / (decimal)SumUnit(culture), IsChinese(culture) ? 4 : 2);

    /// <summary>An amount in <see cref="TableUnit"/>, exact (no yuan is lost): 1,234,567,890 → 123,456.789 (万元) / 1,234.56789 (M).</summary>
    public static decimal TableNumber(long yuan, CultureInfo? culture = null) => yuan / (decimal)TableUnit(culture);

    /// <summary><see cref="TableNumber"/> as text, as a figure line of a notification reads it: "100,000" / "1,000".</summary>
    public static string TableFigure(long yuan, CultureInfo? culture = null) =>
        TableNumber(yuan, culture).ToString("#,0.######", Of(culture));

    /// <summary>Reads what a person typed in 万元 (the unit forms ask in) back to whole yuan; null when empty or not a number.</summary>
    public static long? FromWan(decimal? wan) => wan is { } w ? (long)Math.Round(w * Wan, MidpointRounding.AwayFromZero) : null;

    public static decimal? ToWan(long? yuan) => yuan is { } y ? y / (decimal)Wan : null;

    private static string Number(long yuan, long unit, string format, CultureInfo culture) =>
        (yuan / (decimal)unit).ToString(format, culture);
}
