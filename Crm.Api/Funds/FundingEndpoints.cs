using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Reviews;
using Crm.Api.Targets;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Funds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Funds;

/// <summary>Money in place on signed projects (docs/review-counting-rules.md, "Money in place"): a project's amounts and the quarter's 到位率.</summary>
public static class FundingEndpoints
{
    public static RouteGroupBuilder MapFunding(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Funding").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        group.MapGet("/deals/{id:int}/funding", GetAsync).WithName("GetDealFunding")
            .WithSummary("The project's agreed investment, funds in place to date, the rate, and every tranche and month of fixed-asset investment recorded.");
        group.MapPost("/deals/{id:int}/funding", AddAsync).WithName("AddDealFunding")
            .WithSummary("Record a tranche that arrived (InPlace) or a month's fixed-asset investment (FixedAssetInvestment) on a signed project.");
        group.MapDelete("/funding/{id:int}", DeleteAsync).WithName("DeleteDealFunding")
            .WithSummary("Remove an amount recorded by mistake (audited).");
        group.MapGet("/reviews/{year:int}/Q{quarter:int}/funds", QuarterAsync).WithName("GetQuarterFunds")
            .WithSummary("The quarter's funds in place per desk: agreed, in place, the in-place rate, arrived in the quarter, fixed-asset investment, and the projects behind them. ?desk=GD for a desk.");
        return api;
    }

    public static async Task<Results<Ok<DealFunding>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, FundingService funding, CancellationToken ct) =>
        await funding.GetAsync(principal.ToCurrentUser(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    public static async Task<Results<Ok<DealFunding>, NotFound, ForbidHttpResult, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> AddAsync(
        int id, FundingInput input, ClaimsPrincipal principal, FundingService funding, CancellationToken ct) =>
        await funding.AddAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<DealFunding>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<DealFunding>.NotFound => TypedResults.NotFound(),
            ServiceResult<DealFunding>.Forbidden => TypedResults.Forbid(),
            ServiceResult<DealFunding>.Refused refused => refused.ToProblem(),
            ServiceResult<DealFunding>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<DealFunding>, NotFound, ForbidHttpResult>> DeleteAsync(int id, ClaimsPrincipal principal, FundingService funding,
        CancellationToken ct) =>
        await funding.DeleteAsync(principal.ToCurrentUser(), id, ct) switch
        {
            ServiceResult<DealFunding>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<DealFunding>.NotFound => TypedResults.NotFound(),
            ServiceResult<DealFunding>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<FundsReview>, NotFound, ForbidHttpResult>> QuarterAsync(
        [AsParameters] QuarterRoute period, [AsParameters] ReviewQuery query, ClaimsPrincipal principal, FundingService funding, CancellationToken ct) =>
        await funding.QuarterAsync(principal.ToCurrentUser(), period.Year, period.Quarter, query.Desk, ct) switch
        {
            ServiceResult<FundsReview>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<FundsReview>.Forbidden => TypedResults.Forbid(),
            ServiceResult<FundsReview>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };
}
