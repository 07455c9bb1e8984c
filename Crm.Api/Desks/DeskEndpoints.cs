using Crm.Api.Auth;
using Crm.Domain.Data;
using Crm.Domain.Organizations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Api.Desks;

public sealed record DeskResponse(string Code, string Name, string NameEn);

public sealed record OrganizationResponse(int Id, string Name, OrganizationKind Kind, Crm.Domain.Deals.Region Region);

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

    public static async Task<Ok<List<DeskResponse>>> ListDesksAsync(CrmDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Desks.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new DeskResponse(d.Code, d.Name, d.NameEn)).ToListAsync(ct));

    public static async Task<Ok<List<OrganizationResponse>>> ListOrganizationsAsync(CrmDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Organizations.AsNoTracking().OrderBy(o => o.Kind).ThenBy(o => o.Name)
            .Select(o => new OrganizationResponse(o.Id, o.Name, o.Kind, o.Region)).ToListAsync(ct));
}
