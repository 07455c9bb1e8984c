using FluentValidation;

namespace Crm.Domain.Localization;

public static class CatalogueValidation
{
    /// <summary>
    /// A validator rule's own refusal: the stable code as FluentValidation's error code, the words from
    /// the catalogue ("Rule.{code}") in the caller's UI culture when the message is built.
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> WithCode<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string code, params object?[] args) =>
        rule.WithErrorCode(code).WithMessage(_ => Catalogue.Text($"Rule.{code}", null, args));
}
