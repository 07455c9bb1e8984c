using System.Collections.Concurrent;
using System.Security.Claims;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Web.Auth;

/// <summary>
/// Identity re-validates cookies but never bearer access tokens, so a lock or a role change would not reach a
/// token already handed out for its whole lifetime. This re-checks the security stamp a token carries against
/// the database at most once per <see cref="Interval"/> per user and stamp; a stale stamp or a locked account
/// fails the token (401).
/// </summary>
public sealed class SecurityStampRecheck(IServiceProvider services, IOptions<IdentityOptions> identity, SecurityStampRecheck.Checks checks, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The bearer handler's message-received event: reads the token once and decides here, so the handler does not
    /// decrypt it a second time. An unreadable or expired token fails as the handler would fail it; a token whose
    /// sign-in is no longer current fails too; a current one authenticates the request.
    /// </summary>
    public static async Task OnBearerMessageAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
        var recheck = context.HttpContext.RequestServices.GetRequiredService<SecurityStampRecheck>();
        if (ticket?.Properties.ExpiresUtc is not { } expires)
        {
            context.Fail("Unprotected token failed");
        }
        else if ((context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() >= expires)
        {
            context.Fail("Token expired");
        }
        else if (!await recheck.IsCurrentAsync(ticket.Principal))
        {
            context.Fail("The sign-in is no longer valid.");
        }
        else
        {
            context.Principal = ticket.Principal;
            context.Properties = ticket.Properties;
            context.Success();
        }
    }

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (stamp is null || userId is null)
        {
            return false;
        }

        var key = $"{userId}|{stamp}";
        var now = time.GetUtcNow();
        if (checks.LastValid.TryGetValue(key, out var checkedAt) && now - checkedAt < Interval)
        {
            return true;
        }
        // Only a check that is due builds Identity's sign-in machinery (a user manager, its store and a context):
        // the requests in between cost a dictionary lookup.
        var signIn = services.GetRequiredService<SignInManager<CrmUser>>();
        var user = await signIn.ValidateSecurityStampAsync(principal);
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            checks.LastValid.TryRemove(key, out _);
            return false;
        }
        if (checks.LastValid.Count > 10_000)
        {
            checks.LastValid.Clear();
        }
        checks.LastValid[key] = now;
        return true;
    }

    /// <summary>When each (user, stamp) was last found current; shared by all requests.</summary>
    public sealed class Checks
    {
        public ConcurrentDictionary<string, DateTimeOffset> LastValid { get; } = new();
    }
}
