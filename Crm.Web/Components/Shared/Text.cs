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

    /// <summary>
    /// Why a call did not succeed, in the reader's language: the rule or the input it names, a stale copy, or that the
    /// caller may not do it. Null for success.
    /// </summary>
    public static string? Failure<T>(this IStringLocalizer l, ServiceResult<T> result) => result switch
    {
        ServiceResult<T>.Ok => null,
        ServiceResult<T>.Invalid invalid => Catalogue.Of(invalid.Reason),
        ServiceResult<T>.Refused refused => Catalogue.Of(refused.Violation),
        ServiceResult<T>.Conflict => l["Common.Conflict"],
        _ => l["NotPermitted.Text"],
    };
}
