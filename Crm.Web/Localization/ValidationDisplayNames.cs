using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Localization;

public static class ValidationDisplayNames
{
    /// <summary>
    /// FluentValidation's built-in messages name the field; without this they would name the C# property
    /// ("'Summary' 不能为空"). The field's label is the one the UI shows: the resource "Deal.Title" for
    /// <c>DealInput.Title</c>, "Activity.Summary" for <c>ActivityInput.Summary</c>; a field without a label keeps its name.
    /// </summary>
    public static void UseValidationDisplayNames(this WebApplication app)
    {
        var labels = app.Services.GetRequiredService<IStringLocalizer<Texts>>();
        ValidatorOptions.Global.DisplayNameResolver = (type, member, _) =>
        {
            if (member is null)
            {
                return null;
            }
            var feature = type.Name.Replace("UpdateInput", "", StringComparison.Ordinal).Replace("Input", "", StringComparison.Ordinal);
            if (feature.StartsWith("New", StringComparison.Ordinal))
            {
                feature = feature[3..];
            }
            var label = labels[$"{feature}.{member.Name}"];
            return label.ResourceNotFound ? null : label.Value;
        };
    }
}
