using System.Globalization;
using System.Resources;
using Crm.Domain.Common;

namespace Crm.Domain.Localization;

/// <summary>
/// Turns codes, enum values and labels into words, in an explicit culture or the caller's UI culture.
/// Keys: an enum value is "{EnumType}.{Member}", a refusal "Rule.{code}" with its arguments in order.
/// The domain never composes a sentence itself; everything a person reads comes through here.
/// </summary>
public static class Catalogue
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly IReadOnlyList<string> Languages = [Chinese, English];

    public static CultureInfo ChineseCulture { get; } = CultureInfo.GetCultureInfo(Chinese);
    public static CultureInfo EnglishCulture { get; } = CultureInfo.GetCultureInfo(English);

    internal static ResourceManager Resources { get; } = new(typeof(Texts));

    /// <summary>A stored language ("zh-CN", "en") as a culture; anything else reads Chinese, the zone's language.</summary>
    public static CultureInfo CultureOf(string? language) => IsEnglish(language) ? EnglishCulture : ChineseCulture;

    /// <summary>One of <see cref="Languages"/>, or null for anything else.</summary>
    public static string? Normalize(string? language) =>
        Languages.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase))
        ?? (language is { Length: >= 2 } && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
            : language is { Length: >= 2 } && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : null);

    public static bool IsEnglish(string? language) => language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    /// <summary>
    /// A name the zone records in both languages (a desk's 名称 and English name): the one the reader reads.
    /// Words of the product come from entries; this is for data kept twice.
    /// </summary>
    public static string NameIn(CultureInfo? culture, string chinese, string english) =>
        IsEnglish(culture ?? CultureInfo.CurrentUICulture) ? english : chinese;

    /// <summary>The entry, or null when the catalogue has none (in that culture or its fallback).</summary>
    public static string? Find(string key, CultureInfo? culture = null) => Resources.GetString(key, culture ?? CultureInfo.CurrentUICulture);

    /// <summary>
    /// The entry with its arguments filled in; an enum argument becomes its label and a date reads
    /// yyyy-MM-dd. A missing entry shows its key (tests make sure none is missing).
    /// </summary>
    public static string Text(string key, CultureInfo? culture, params object?[] args)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var template = Find(key, culture) ?? key;
        return args.Length == 0 ? template : string.Format(culture, template, args.Select(a => Word(a, culture)).ToArray());
    }

    /// <summary>The entry in the caller's UI culture.</summary>
    public static string Text(string key) => Text(key, null);

    /// <summary>An enum value's label.</summary>
    public static string Of(Enum value, CultureInfo? culture = null) => Text(KeyOf(value), culture);

    /// <summary>A refusal in words.</summary>
    public static string Of(RuleViolation violation, CultureInfo? culture = null) => Text(KeyOf(violation), culture, violation.Args);

    public static string KeyOf(Enum value) => $"{value.GetType().Name}.{value}";

    public static string KeyOf(RuleViolation violation) => $"Rule.{violation.Code}";

    private static object? Word(object? value, CultureInfo culture) => value switch
    {
        Enum e => Of(e, culture),
        DateOnly d => ZoneDates.Show(d),
        RuleViolation v => Of(v, culture),
        _ => value,
    };
}
