using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Components.Authorization;

namespace Crm.Web.Auth;

/// <summary>The signed-in user of a page, as the domain services want them.</summary>
public sealed class CurrentUserAccessor(AuthenticationStateProvider auth)
{
    public async Task<CurrentUser?> GetAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        return FromPrincipal(state.User);
    }

    public async Task<string?> DisplayNameAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(CrmClaimTypes.DisplayName) ?? state.User.Identity?.Name;
    }

    /// <summary>Null for an anonymous principal; the same mapping as the API's bearer users.</summary>
    public static CurrentUser? FromPrincipal(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.ToCurrentUser() : null;
}
