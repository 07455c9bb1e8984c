using Crm.Api.Auth;
using Crm.Api.Companies;
using Crm.Api.Deals;
using Crm.Api.Desks;
using Crm.Api.Duplicates;
using Crm.Api.Notifications;
using Crm.Api.Referrals;
using Crm.Api.Reviews;
using Crm.Api.Targets;
using Crm.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api;

public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    /// <summary>Mounts the whole v1 API. Every route requires a bearer token unless it says otherwise.</summary>
    public static RouteGroupBuilder MapCrmApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(ApiPolicies.SignedIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        api.MapAuth();
        api.MapDeals();
        api.MapCompanies();
        api.MapDesks();
        api.MapUsers();
        api.MapReferrals();
        api.MapDuplicates();
        api.MapNotifications();
        api.MapTargets();
        api.MapReviews();
        return api;
    }
}
