using Crm.Domain.Common;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Components.Shared;

public static class Text
{
    /// <summary>An enum value's label: resource key "TypeName.Member".</summary>
    public static string Of<TEnum>(this IStringLocalizer l, TEnum value) where TEnum : struct, Enum =>
        l[$"{typeof(TEnum).Name}.{value}"];

    /// <summary>A refused change in the reader's language: "Rule.{code}" when translated, else the domain's own sentence.</summary>
    public static string Of(this IStringLocalizer l, RuleViolation violation)
    {
        var text = l[$"Rule.{violation.Rule}"];
        return text.ResourceNotFound ? violation.Message : text.Value;
    }
}
