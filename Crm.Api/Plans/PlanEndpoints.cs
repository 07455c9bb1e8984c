using System.Security.Claims;

using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Plans;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Plans;

/// <summary>The year's plan (docs/review-counting-rules.md, "The year's plan"): goals and key-project lists.</summary>
public static class PlanEndpoints
{
    public static RouteGroupBuilder MapPlans(this RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Plans").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        plans.MapGet("/{year:int}", GetAsync).WithName("GetAnnualPlan")
            .WithSummary("The year's goals (target, actual, gap, per desk, the deals behind each) and key-project lists with what each deal lacks. ?desk=GD for a desk.");
        plans.MapPut("/{year:int}/goals", SetGoalsAsync).WithName("SetAnnualGoals").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Set the targets of the year's goals; a goal left out keeps its target.");
        plans.MapPost("/{year:int}/lists", CreateListAsync).WithName("CreateKeyProjectList").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("A named key-project list of the year: what its deals must reach (aim) and by when.");
        plans.MapDelete("/lists/{id:int}", DeleteListAsync).WithName("DeleteKeyProjectList").RequireAuthorization(ApiPolicies.Managers);
        plans.MapPost("/lists/{id:int}/deals", AddDealAsync).WithName("AddKeyProjectDeal").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Put a deal on a key-project list (once).");
        plans.MapDelete("/lists/{id:int}/deals/{dealId:int}", RemoveDealAsync).WithName("RemoveKeyProjectDeal").RequireAuthorization(ApiPolicies.Managers);
        return api;
    }

    public static async Task<Results<Ok<AnnualPlan>, NotFound, ForbidHttpResult>> GetAsync(int year, string? desk, ClaimsPrincipal principal,
        AnnualPlanService plans, CancellationToken ct) =>
        await plans.GetAsync(principal.ToCurrentUser(), year, desk, ct) switch
        {
            ServiceResult<AnnualPlan>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<AnnualPlan>.Forbidden => TypedResults.Forbid(),
            ServiceResult<AnnualPlan>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<AnnualPlan>, NotFound, ForbidHttpResult, Conflict<AnnualPlan>>> SetGoalsAsync(int year, AnnualGoalsInput input,
        ClaimsPrincipal principal, AnnualPlanService plans, CancellationToken ct) =>
        await plans.SetGoalsAsync(principal.ToCurrentUser(), year, input, ct) switch
        {
            ServiceResult<AnnualPlan>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<AnnualPlan>.Forbidden => TypedResults.Forbid(),
            ServiceResult<AnnualPlan>.NotFound => TypedResults.NotFound(),
            ServiceResult<AnnualPlan>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Created<KeyListView>, NotFound, ForbidHttpResult, ValidationProblem>> CreateListAsync(int year, KeyListInput input,
        ClaimsPrincipal principal, AnnualPlanService plans, CancellationToken ct) =>
        await plans.CreateListAsync(principal.ToCurrentUser(), year, input, ct) switch
        {
            ServiceResult<KeyListView>.Ok ok => TypedResults.Created($"/api/v1/plans/{year}", ok.Value),
            ServiceResult<KeyListView>.Forbidden => TypedResults.Forbid(),
            ServiceResult<KeyListView>.NotFound => TypedResults.NotFound(),
            ServiceResult<KeyListView>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> DeleteListAsync(int id, ClaimsPrincipal principal, AnnualPlanService plans,
        CancellationToken ct) =>
        await plans.DeleteListAsync(principal.ToCurrentUser(), id, ct) switch
        {
            ServiceResult<bool>.Ok => TypedResults.NoContent(),
            ServiceResult<bool>.Forbidden => TypedResults.Forbid(),
            ServiceResult<bool>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<KeyListView>, NotFound, ForbidHttpResult, ValidationProblem>> AddDealAsync(int id, KeyEntryInput input,
        ClaimsPrincipal principal, AnnualPlanService plans, CancellationToken ct) =>
        await plans.AddDealAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<KeyListView>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<KeyListView>.Forbidden => TypedResults.Forbid(),
            ServiceResult<KeyListView>.NotFound => TypedResults.NotFound(),
            ServiceResult<KeyListView>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<KeyListView>, NotFound, ForbidHttpResult>> RemoveDealAsync(int id, int dealId, ClaimsPrincipal principal,
        AnnualPlanService plans, CancellationToken ct) =>
        await plans.RemoveDealAsync(principal.ToCurrentUser(), id, dealId, ct) switch
        {
            ServiceResult<KeyListView>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<KeyListView>.Forbidden => TypedResults.Forbid(),
            ServiceResult<KeyListView>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };
}
