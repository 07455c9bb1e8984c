using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Duplicates;
using Crm.Api.Validation;
using Crm.Domain.Activities;
using Crm.Domain.Care;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using FluentValidation;
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
        deals.MapGet("/{id:int}/moves", MovesAsync).WithName("GetDealMoves")
            .WithSummary("Every stage and status the caller may move the deal to now, each allowed or with the rule's code and words.");
        deals.MapGet("/{id:int}/activities", ListActivitiesAsync).WithName("ListDealActivities").WithSummary("The deal's activity log, newest first.");
        deals.MapPost("/{id:int}/activities", AddActivityAsync).WithName("AddDealActivity")
            .WithSummary("Log a contact; a next step sets the deal's next follow-up date.");
        deals.MapGet("/{id:int}/care", GetCareAsync).WithName("GetDealCare")
            .WithSummary("The project's care (baobao): leader, officer, visit interval, last visit and when the next is due.");
        deals.MapPut("/{id:int}/care", SetCareAsync).WithName("SetDealCare")
            .WithSummary("A manager names the project's care leader and officer and its visit interval; send the version you read (none for a first assignment).");
        return api;
    }

    public static async Task<Results<Ok<CareResponse>, NotFound>> GetCareAsync(int id, ClaimsPrincipal principal, CareService care, CancellationToken ct) =>
        await care.GetAsync(principal.ToCurrentUser(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    public static async Task<Results<Ok<CareResponse>, NotFound, ForbidHttpResult, Conflict<CareResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> SetCareAsync(
        int id, CareInput input, ClaimsPrincipal principal, CareService care, CancellationToken ct) =>
        (await care.AssignAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealPage>, ValidationProblem>> ListAsync(
        [AsParameters] DealListQuery query, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.ListAsync(principal.ToCurrentUser(), query.ToFilter(), ct) switch
        {
            ServiceResult<DealPage>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<DealPage>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<DealResponse>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.GetAsync(principal.ToCurrentUser(), id, ct) is { } deal ? TypedResults.Ok(deal) : TypedResults.NotFound();

    /// <summary>A company another desk already pursues is a 409 naming desk and date only, unless <paramref name="confirm"/>.</summary>
    public static async Task<Results<Created<DealResponse>, Conflict<DuplicateProblem>, ForbidHttpResult, ValidationProblem>> CreateAsync(
        NewDealInput input, bool? confirm, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.CreateAsync(principal.ToCurrentUser(), input, confirm == true, ct) switch
        {
            ServiceResult<DealResponse>.Ok ok => TypedResults.Created($"/api/v1/deals/{ok.Value.Id}", ok.Value),
            ServiceResult<DealResponse>.Unconfirmed duplicate => TypedResults.Conflict(DuplicateProblem.Of(duplicate.Violation, duplicate.Found)),
            ServiceResult<DealResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<DealResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> UpdateAsync(
        int id, DealUpdateInput input, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        (await deals.UpdateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>>> MoveStageAsync(
        int id, StageMoveInput input, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        Change(await deals.MoveStageAsync(principal.ToCurrentUser(), id, input, ct));

    public static async Task<Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>>> ChangeStatusAsync(
        int id, StatusChangeInput input, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        Change(await deals.ChangeStatusAsync(principal.ToCurrentUser(), id, input, ct));

    public static async Task<Results<Ok<IReadOnlyList<StageChangeResponse>>, NotFound>> HistoryAsync(
        int id, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.HistoryAsync(principal.ToCurrentUser(), id, ct) is { } history ? TypedResults.Ok(history) : TypedResults.NotFound();

    public static async Task<Results<Ok<DealMovesResponse>, NotFound>> MovesAsync(
        int id, ClaimsPrincipal principal, DealService deals, CancellationToken ct) =>
        await deals.MovesAsync(principal.ToCurrentUser(), id, ct) is { } moves ? TypedResults.Ok(DealMovesResponse.Of(moves)) : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<ActivityResponse>>, NotFound>> ListActivitiesAsync(
        int id, ClaimsPrincipal principal, ActivityService activities, CancellationToken ct) =>
        await activities.ListAsync(principal.ToCurrentUser(), id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    public static async Task<Results<Created<ActivityResponse>, NotFound, ForbidHttpResult>> AddActivityAsync(
        int id, ActivityInput input, ClaimsPrincipal principal, ActivityService activities, CancellationToken ct) =>
        await activities.AddAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<ActivityResponse>.Ok ok => TypedResults.Created($"/api/v1/deals/{id}/activities/{ok.Value.Id}", ok.Value),
            ServiceResult<ActivityResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<ActivityResponse>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    /// <summary>A stage move or status change: its facts were validated by the filter; the rest is the pipeline's answer.</summary>
    private static Results<Ok<DealResponse>, NotFound, ForbidHttpResult, Conflict<DealResponse>, UnprocessableEntity<ProblemDetailsBody>> Change(
        ServiceResult<DealResponse> result) => result switch
        {
            ServiceResult<DealResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<DealResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<DealResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<DealResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<DealResponse>.Refused refused => refused.ToProblem(),
            _ => throw ServiceResults.Unexpected(result),
        };
}

/// <summary>GET /api/v1/deals/{id}/moves: each target with <c>code</c> (stable) and <c>reason</c> (the request's language) when refused.</summary>
public sealed record DealMovesResponse(int DealId, long Version, IReadOnlyList<MoveTargetResponse> Stages, IReadOnlyList<MoveTargetResponse> Statuses)
{
    public static DealMovesResponse Of(DealMoves moves) => new(
        moves.DealId,
        moves.Version,
        moves.Stages.Select(s => MoveTargetResponse.Of(s.Stage.ToString(), s.Refusal)).ToList(),
        moves.Statuses.Select(s => MoveTargetResponse.Of(s.Status.ToString(), s.Refusal)).ToList());
}

public sealed record MoveTargetResponse(string Target, bool Allowed, string? Code, string? Reason)
{
    public static MoveTargetResponse Of(string target, RuleViolation? refusal) =>
        new(target, refusal is null, refusal?.Code, refusal is null ? null : Catalogue.Of(refusal));
}

/// <summary>The query string of GET /api/v1/deals, validated by <see cref="DealListQueryValidator"/>.</summary>
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

public sealed class DealListQueryValidator : AbstractValidator<DealListQuery>
{
    public DealListQueryValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, DealFilter.MaxPageSize);
        RuleFor(q => q.Sort).Must(DealQuery.IsValidSort).WithCode("list.sortUnknown", string.Join(", ", DealQuery.SortKeys));
    }
}
