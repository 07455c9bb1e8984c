using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.SavedViews;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.SavedViews;

public static class SavedViewEndpoints
{
    public static RouteGroupBuilder MapSavedViews(this RouteGroupBuilder api)
    {
        var views = api.MapGroup("/me/views").WithTags("Saved views").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        views.MapGet("/", ListAsync).WithName("ListSavedViews").WithSummary("The caller's own saved views of a list (page=deals or pipeline).");
        views.MapPost("/", SaveAsync).WithName("SaveView").WithSummary("Save a named view: the list's query string (the deal list's names).");
        views.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteSavedView").WithSummary("Delete one of the caller's own views.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<SavedViewResponse>>> ListAsync(
        [FromQuery] string? page, ClaimsPrincipal principal, SavedViewService views, CancellationToken ct) =>
        TypedResults.Ok(await views.ListAsync(principal.ToCurrentUser(), page ?? SavedViewPages.Deals, ct));

    public static async Task<Results<Created<SavedViewResponse>, UnprocessableEntity<ProblemDetailsBody>>> SaveAsync(
        SavedViewInput input, ClaimsPrincipal principal, SavedViewService views, CancellationToken ct) =>
        await views.SaveAsync(principal.ToCurrentUser(), input, ct) switch
        {
            ServiceResult<SavedViewResponse>.Ok ok => TypedResults.Created($"/api/v1/me/views/{ok.Value.Id}", ok.Value),
            ServiceResult<SavedViewResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, ClaimsPrincipal principal, SavedViewService views, CancellationToken ct) =>
        await views.DeleteAsync(principal.ToCurrentUser(), id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
