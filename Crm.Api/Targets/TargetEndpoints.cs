using System.Security.Claims;

using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Targets;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Targets;

public static class TargetEndpoints
{
    public static RouteGroupBuilder MapTargets(this RouteGroupBuilder api)
    {
        var targets = api.MapGroup("/targets").WithTags("Targets").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();

        targets.MapGet("/{year:int}/Q{quarter:int}", GetAsync).WithName("GetQuarterTargets")
            .WithSummary("The quarter's targets for the zone and each desk (zero where none is set).");
        targets.MapPut("/{year:int}/Q{quarter:int}", PutAsync).WithName("SetQuarterTargets").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Set the quarter's targets; a scope left out of the body keeps its figures.");
        targets.MapPut("/{year:int}/plan", PutPlanAsync).WithName("SetAnnualPlan").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Enter annual figures once: split equally over the four quarters, the remainder to the earliest.");
        return api;
    }

    public static async Task<Results<Ok<QuarterTargets>, NotFound, ForbidHttpResult, Conflict<QuarterTargets>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> GetAsync(
        int year, int quarter, ClaimsPrincipal principal, TargetService targets, CancellationToken ct) =>
        BadPeriod(year, quarter) ?? (await targets.GetAsync(principal.ToCurrentUser(), year, quarter, ct)).ToHttp();

    public static async Task<Results<Ok<QuarterTargets>, NotFound, ForbidHttpResult, Conflict<QuarterTargets>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> PutAsync(
        int year, int quarter, TargetsInput input, ClaimsPrincipal principal, TargetService targets, CancellationToken ct) =>
        BadPeriod(year, quarter) ?? (await targets.SetAsync(principal.ToCurrentUser(), year, quarter, input, ct)).ToHttp();

    public static async Task<Results<Ok<IReadOnlyList<QuarterTargets>>, NotFound, ForbidHttpResult, Conflict<IReadOnlyList<QuarterTargets>>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> PutPlanAsync(
        int year, TargetsInput input, ClaimsPrincipal principal, TargetService targets, CancellationToken ct) =>
        BadPeriod(year, 1) is { } bad ? bad : (await targets.SetPlanAsync(principal.ToCurrentUser(), year, input, ct)).ToHttp();

    /// <summary>A year or quarter out of range is a 400 naming the route value.</summary>
    internal static ValidationProblem? BadPeriod(int year, int quarter)
    {
        if (year is < QuarterPeriod.MinYear or > QuarterPeriod.MaxYear)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["year"] = [$"'year' must be between {QuarterPeriod.MinYear} and {QuarterPeriod.MaxYear}."],
            });
        }
        return quarter is < 1 or > 4
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quarter"] = ["The quarter is Q1, Q2, Q3 or Q4."] })
            : null;
    }
}
