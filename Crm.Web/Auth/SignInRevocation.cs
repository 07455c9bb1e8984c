using System.Collections.Concurrent;
using System.Security.Claims;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Web.Auth;

/// <summary>
/// Ends an open sign-in within a minute of a role change or lockout, for bearer tokens as for cookies:
/// the token's security stamp is compared with the stored one at most once a minute per user, and a
/// mismatch or a lockout leaves the request unauthenticated. Changing roles, desk or lockout renews the
/// stamp (<see cref="UserService"/>).
/// </summary>
public sealed class SignInRevocation(IServiceScopeFactory scopes, TimeProvider time, IOptions<IdentityOptions> identity) : IClaimsTransformation
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (string? Stamp, bool Locked, DateTimeOffset CheckedAt)> _checked = new();

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return principal;
        }

        var now = time.GetUtcNow();
        if (!_checked.TryGetValue(userId, out var state) || now - state.CheckedAt >= CheckInterval)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var user = await users.FindByIdAsync(userId);
            state = user is null
                ? (null, true, now)
                : (user.SecurityStamp, user.LockoutEnd is { } end && end > now, now);
            _checked[userId] = state;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return state.Locked || stamp != state.Stamp ? new ClaimsPrincipal(new ClaimsIdentity()) : principal;
    }
}

/// <summary>
/// A revoked sign-in authenticates as nobody; the policy evaluator would call that "forbidden" because
/// the scheme itself succeeded. It is a challenge (401): the client must sign in again.
/// </summary>
public sealed class RevokedSignInChallenge : Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, Microsoft.AspNetCore.Authorization.AuthorizationPolicy policy,
        Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true)
        {
            authorizeResult = Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult.Challenge();
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
