using Crm.Domain.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Crm.Web.Localization;

/// <summary>MudBlazor's own words (pager, loading) from our resources under "Mud.{key}"; MudBlazor's English otherwise.</summary>
internal sealed class CrmMudLocalizer(IStringLocalizer<Texts> l) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = l["Mud." + key];
            return text.ResourceNotFound ? base[key] : new LocalizedString(key, text.Value);
        }
    }
}
