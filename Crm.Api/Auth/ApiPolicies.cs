using Crm.Domain.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Crm.Api.Auth;

/// <summary>The API accepts bearer tokens only: a browser's cookie sent cross-site to /api is a 401.</summary>
public static class ApiPolicies
{
    public const string SignedIn = "api";
    public const string DealWorkers = "api:deal-workers";
    public const string Managers = "api:managers";
    public const string Admins = "api:admins";

    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder auth) => auth
        .AddPolicy(SignedIn, p => Bearer(p))
        .AddPolicy(DealWorkers, p => Bearer(p).RequireRole(Roles.Admin, Roles.Manager, Roles.Recruiter))
        .AddPolicy(Managers, p => Bearer(p).RequireRole(Roles.Admin, Roles.Manager))
        .AddPolicy(Admins, p => Bearer(p).RequireRole(Roles.Admin));

    private static AuthorizationPolicyBuilder Bearer(AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser();
}
