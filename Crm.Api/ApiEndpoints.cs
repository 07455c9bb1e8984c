using Crm.Api.Approvals;
using Crm.Api.Auditing;
using Crm.Api.Auth;
using Crm.Api.Calendar;
using Crm.Api.Companies;
using Crm.Api.Deals;
using Crm.Api.Desks;
using Crm.Api.Documents;
using Crm.Api.Duplicates;
using Crm.Api.Funds;
using Crm.Api.Imports;
using Crm.Api.Notifications;
using Crm.Api.Plans;
using Crm.Api.Problems;
using Crm.Api.Referrals;
using Crm.Api.Reviews;
using Crm.Api.SavedViews;
using Crm.Api.Schedules;
using Crm.Api.Search;
using Crm.Api.Targets;
using Crm.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api;

public static class ApiEndpoints
{
    /// <summary>
    /// Every path under it is the API's, matched by a route or not: a path no route serves is a 404 to a caller with a
    /// bearer token (a 401 to anyone else), and no answer is stored by a cache.
    /// </summary>
    public const string Root = "/api";

    public const string Prefix = Root + "/v1";

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
        api.MapSavedViews();
        api.MapCalendar();
        api.MapDesks();
        api.MapUsers();
        api.MapReferrals();
        api.MapDuplicates();
        api.MapNotifications();
        api.MapTargets();
        api.MapReviews();
        api.MapPlans();
        api.MapAudit();
        api.MapDocuments();
        api.MapImports();
        api.MapSearch();
        api.MapFunding();
        api.MapProblems();
        api.MapSchedules();
        api.MapApprovals();
        // Without it a path no route serves falls to the pages' fallback policy, which knows only the cookie: a caller
        // with a valid token would read 401 (and a POST meets the static files' GET-only route, 405).
        app.MapFallback(Root + "/{**path}", () => TypedResults.NotFound())
            .RequireAuthorization(ApiPolicies.SignedIn).ExcludeFromDescription();
        return api;
    }
}
