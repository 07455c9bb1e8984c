using Crm.Api.Auth;
using Crm.Domain.Desks;
using Crm.Domain.Organizations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Desks;

/// <summary>The desks and organisations for pickers: the same lists, from the same services, as the pages'.</summary>
public static class DeskEndpoints
{
    public static RouteGroupBuilder MapDesks(this RouteGroupBuilder api)
    {
        api.MapGet("/desks", ListDesksAsync).WithTags("Desks").RequireAuthorization(ApiPolicies.DealWorkers)
            .WithName("ListDesks").WithSummary("The resident desks and the zone office.");
        api.MapGet("/organizations", ListOrganizationsAsync).WithTags("Desks").RequireAuthorization(ApiPolicies.DealWorkers)
            .WithName("ListOrganizations").WithSummary("Hometown associations and chambers that bring deals.");
        return api;
    }

    public static async Task<Ok<List<DeskResponse>>> ListDesksAsync(DeskService desks, CancellationToken ct) =>
        TypedResults.Ok(await desks.ListAsync(ct));

    public static async Task<Ok<List<OrganizationResponse>>> ListOrganizationsAsync(OrganizationService organizations, CancellationToken ct) =>
        TypedResults.Ok(await organizations.ListAsync(ct));
}
