using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Duplicates;
using Crm.Api.Validation;
using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Deals;

public static class DealEndpoints
{
    public static RouteGroupBuilder MapDeals(this RouteGroupBuilder api)
    {
        var deals = api.MapGroup("/deals").WithTags("Deals").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();

        deals.MapGet("/", ListAsync).WithName("ListDeals")
            .WithSummary("Deals the caller may see, filtered, sorted and paged by keyset (pass nextCursor back as cursor).");
        deals.MapGet("/{id:int}", GetAsync).WithName("GetDeal").WithSummary("One deal, with its company's contacts.");
        deals.MapPost("/", CreateAsync).WithName("CreateDeal").WithSummary("Create a deal at Lead, optionally dated in the past (leadOn).");
        deals.MapPut("/{id:int}", UpdateAsync).WithName("UpdateDeal").WithSummary("Update a deal's facts; send the version you read.");
        deals.MapPost("/{id:int}/stage", MoveStageAsync).WithName("MoveDealStage")
            .WithSummary("Move a deal to another stage with the facts that stage requires.");
        deals.MapPost("/{id:int}/status", ChangeStatusAsync).WithName("ChangeDealStatus")
            .WithSummary("Set a deal Active, Dormant, Lost or Withdrawn.");
        deals.MapGet("/{id:int}/history", HistoryAsync).WithName("GetDealHistory").WithSummary("Every stage move and status change of a deal.");
        deals.MapGet("/{id:int}/activities", ListActivitiesAsync).WithName("ListDealActivities").WithSummary("The deal's activity log, newest first.");
        deals.MapPost("/{id:int}/activities", AddActivityAsync).WithName("AddDealActivity")
            .WithSummary("Log a contact; a next step sets the deal's next follow-up date.");
        return api;
    }

    public static async Task<Results<Ok<DealPage>, NotFound, ForbidHttpResult, Conflict<DealPage>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> ListAsync(
        [AsParameters] DealListQuery query, ClaimsPrincipal principal, DealService deals, CancellationToken ct)
    {
        if (query.PageSize is < 1 or > DealFilter.MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["pageSize"] = [$"'pageSize' must be between 1 and {DealFilter.MaxPageSize}."],
            });
        }
        if (!DealQuery.IsValidSort(query.Sort))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["sort"] = [$"'sort' is one of {string.Join(", ", DealQuery.SortKeys)}, optionally prefixed with '-'."],
            });
        }
        return (await deals.ListAsync(principal.ToCurrentUser(), query.ToFilter(), ct)).ToHttp();
    }

    public static async Task<Results<Ok<DealResponse>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.GetAsync(principal.ToCurrentUser(), id, ct) is { } deal ? TypedResults.Ok(deal) : TypedResults.NotFound();

    /// <summary>A company another desk already pursues is a 409 naming desk and date only, unless <paramref name="confirm"/>.</summary>
    public static async Task<Results<Conflict<DuplicateProblem>, Results<Created<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>>> CreateAsync(
        NewDealInput input, bool? confirm, ClaimsPrincipal principal, DealService deals, CancellationToken ct)
    {
        var result = await deals.CreateAsync(principal.ToCurrentUser(), input, confirm == true, ct);
        return result is ServiceResult<DealResponse>.Unconfirmed duplicate
            ? TypedResults.Conflict(DuplicateProblem.Of(duplicate.Violation, duplicate.Found))
            : result.ToCreated(d => $"/api/v1/deals/{d.Id}");
    }

    public static async Task<Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> UpdateAsync(
        int id, DealUpdateInput input, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        (await deals.UpdateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> MoveStageAsync(
        int id, StageMoveInput input, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        (await deals.MoveStageAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> ChangeStatusAsync(
        int id, StatusChangeInput input, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        (await deals.ChangeStatusAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<IReadOnlyList<StageChangeResponse>>, NotFound>> HistoryAsync(
        int id, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.HistoryAsync(principal.ToCurrentUser(), id, ct) is { } history ? TypedResults.Ok(history) : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<ActivityResponse>>, NotFound>> ListActivitiesAsync(
        int id, ClaimsPrincipal principal, ActivityService activities, CancellationToken ct) =>
        await activities.ListAsync(principal.ToCurrentUser(), id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    public static async Task<Results<Created<ActivityResponse>, NotFound, ForbidHttpResult, Conflict<ActivityResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> AddActivityAsync(
        int id, ActivityInput input, ClaimsPrincipal principal, ActivityService activities, CancellationToken ct) =>
        (await activities.AddAsync(principal.ToCurrentUser(), id, input, ct)).ToCreated(a => $"/api/v1/deals/{id}/activities/{a.Id}");
}

/// <summary>The query string of GET /api/v1/deals.</summary>
public sealed record DealListQuery(
    [FromQuery] DealStage[]? Stage,
    [FromQuery] DealStatus[]? Status,
    [FromQuery] string[]? Desk,
    [FromQuery] DealSource[]? Source,
    [FromQuery] Region[]? Region,
    [FromQuery] Crm.Domain.Companies.CompanyTier[]? Tier,
    [FromQuery] string? OwnerId,
    [FromQuery] string? Q,
    [FromQuery] DateOnly? FollowUpBefore,
    [FromQuery] string? Sort,
    [FromQuery] int? PageSize,
    [FromQuery] string? Cursor)
{
    public DealFilter ToFilter() => new()
    {
        Stage = Stage,
        Status = Status,
        Desk = Desk,
        Source = Source,
        Region = Region,
        Tier = Tier,
        OwnerId = OwnerId,
        Q = Q,
        FollowUpBefore = FollowUpBefore,
        Sort = Sort,
        PageSize = PageSize,
        Cursor = Cursor,
    };
}
