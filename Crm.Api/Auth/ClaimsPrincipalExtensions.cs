using System.Security.Claims;
using Crm.Domain.Users;

namespace Crm.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user as the domain sees them; their desk travels as a claim set at sign-in.</summary>
    public static CurrentUser ToCurrentUser(this ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."),
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(),
        principal.FindFirstValue(CrmClaimTypes.Desk));
}
