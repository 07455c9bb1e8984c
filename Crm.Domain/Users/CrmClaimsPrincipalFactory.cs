using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Domain.Users;

/// <summary>Adds the desk, display name and language to the sign-in, so record scope and the request culture need no lookup per request.</summary>
public sealed class CrmClaimsPrincipalFactory(UserManager<CrmUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CrmUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CrmUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CrmClaimTypes.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(CrmClaimTypes.Language, user.Language));
        if (user.DeskCode is not null)
        {
            identity.AddClaim(new Claim(CrmClaimTypes.Desk, user.DeskCode));
        }
        return identity;
    }
}
