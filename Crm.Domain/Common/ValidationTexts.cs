using System.Globalization;

namespace Crm.Domain.Common;

/// <summary>
/// The validators' own sentences in the caller's language (the UI's culture, or the API caller's
/// Accept-Language); FluentValidation's built-in messages are localized by FluentValidation itself.
/// </summary>
public static class ValidationTexts
{
    public static string Pick(string zh, string en) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? zh : en;
}
