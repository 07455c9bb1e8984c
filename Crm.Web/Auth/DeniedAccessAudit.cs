using System.Security.Claims;
using Crm.Domain.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Crm.Web.Auth;

/// <summary>
/// Every request a signed-in user was refused by a policy (a 403 from the API, the denied page for a page request) goes
/// into the audit log, then is answered as before. A page refused during interactive navigation is recorded by
/// <c>NotPermitted</c>. A record outside the caller's scope answers 404 and is not a denial: it does not exist for them.
/// </summary>
public sealed class DeniedAccessAudit : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            await context.RequestServices.GetRequiredService<AuditLogService>()
                .RecordDenialAsync(userId, context.Request.Method, context.Request.Path.Value ?? "/", context.RequestAborted);
        }
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
