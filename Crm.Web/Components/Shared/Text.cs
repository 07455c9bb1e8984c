using Crm.Domain.Common;
using Crm.Domain.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Components.Shared;

/// <summary>The pages' shortcuts into the one catalogue (<see cref="Catalogue"/>), in the circuit's UI culture.</summary>
public static class Text
{
    /// <summary>An enum value's label: resource key "TypeName.Member".</summary>
    public static string Of<TEnum>(this IStringLocalizer l, TEnum value) where TEnum : struct, Enum => Catalogue.Of(value);

    /// <summary>A refused change in the reader's language.</summary>
    public static string Of(this IStringLocalizer l, RuleViolation violation) => Catalogue.Of(violation);
}
