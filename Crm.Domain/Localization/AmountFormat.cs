using System.Globalization;

namespace Crm.Domain.Localization;

/// <summary>
/// Money as the zone counts it: whole yuan shown in 万元 (10⁴) or 亿元 (10⁸). The units are the
/// zone's accounting units and stay Chinese in both languages; only the digits follow the culture.
/// </summary>
public static class AmountFormat
{
    public const long Wan = 10_000;
    public const long Yi = 100_000_000;
    public const string WanUnit = "万元";
    public const string YiUnit = "亿元";
    public const string None = "—";

    /// <summary>The number of 亿 with up to two decimals, without a unit: 350,000,000 → "3.5".</summary>
    public static string YiNumber(long yuan, IFormatProvider? culture = null) =>
        (yuan / (decimal)Yi).ToString("#,0.##", culture ?? CultureInfo.CurrentCulture);

    /// <summary>A sum in 亿元, as column headers and figures show it: 350,000,000 → "3.5亿元".</summary>
    public static string InYi(long yuan, IFormatProvider? culture = null) => YiNumber(yuan, culture) + YiUnit;

    /// <summary>One deal's amount in the unit that reads best: 亿元 from 1亿 up, else 万元; "—" when unknown.</summary>
    public static string Amount(long? yuan, IFormatProvider? culture = null)
    {
        if (yuan is not { } value)
        {
            return None;
        }
        var provider = culture ?? CultureInfo.CurrentCulture;
        return Math.Abs(value) >= Yi
            ? InYi(value, provider)
            : (value / (decimal)Wan).ToString("#,0.##", provider) + WanUnit;
    }

    /// <summary>Reads what a person typed in 万元 (the unit forms ask in) back to whole yuan; null when empty or not a number.</summary>
    public static long? FromWan(decimal? wan) => wan is { } w ? (long)Math.Round(w * Wan, MidpointRounding.AwayFromZero) : null;

    public static decimal? ToWan(long? yuan) => yuan is { } y ? y / (decimal)Wan : null;
}
