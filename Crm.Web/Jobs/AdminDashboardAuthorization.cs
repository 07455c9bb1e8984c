using Crm.Domain.Users;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Jobs;

/// <summary>
/// The Hangfire dashboard is for Admins signed in with the UI cookie, from any address (it replaces Hangfire's
/// local-requests-only default). Hangfire answers 401 when the user is anonymous and 403 otherwise.
/// </summary>
public sealed class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var result = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!result.Succeeded)
        {
            return false;
        }
        http.User = result.Principal;
        return result.Principal.IsInRole(Roles.Admin);
    }
}
