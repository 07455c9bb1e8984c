using System.Security.Claims;

using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Localization;
using Crm.Domain.Targets;
using FluentValidation;

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

    public static async Task<Results<Ok<QuarterTargets>, ForbidHttpResult>> GetAsync(
        [AsParameters] QuarterRoute period, ClaimsPrincipal principal, TargetService targets, CancellationToken ct) =>
        await targets.GetAsync(principal.ToCurrentUser(), period.Year, period.Quarter, ct) switch
        {
            ServiceResult<QuarterTargets>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<QuarterTargets>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<QuarterTargets>, ForbidHttpResult, ValidationProblem>> PutAsync(
        [AsParameters] QuarterRoute period, TargetsInput input, ClaimsPrincipal principal, TargetService targets, CancellationToken ct) =>
        await targets.SetAsync(principal.ToCurrentUser(), period.Year, period.Quarter, input, ct) switch
        {
            ServiceResult<QuarterTargets>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<QuarterTargets>.Forbidden => TypedResults.Forbid(),
            ServiceResult<QuarterTargets>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<IReadOnlyList<QuarterTargets>>, ForbidHttpResult, ValidationProblem>> PutPlanAsync(
        [AsParameters] YearRoute period, TargetsInput input, ClaimsPrincipal principal, TargetService targets, CancellationToken ct) =>
        await targets.SetPlanAsync(principal.ToCurrentUser(), period.Year, input, ct) switch
        {
            ServiceResult<IReadOnlyList<QuarterTargets>>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<IReadOnlyList<QuarterTargets>>.Forbidden => TypedResults.Forbid(),
            ServiceResult<IReadOnlyList<QuarterTargets>>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
}

/// <summary>The {year}/Q{quarter} of a route, validated by <see cref="QuarterRouteValidator"/> (a 400 naming the value).</summary>
public sealed record QuarterRoute(int Year, int Quarter);

/// <summary>The {year} of a route.</summary>
public sealed record YearRoute(int Year);

public sealed class QuarterRouteValidator : AbstractValidator<QuarterRoute>
{
    public QuarterRouteValidator()
    {
        RuleFor(r => r.Year).InclusiveBetween(QuarterPeriod.MinYear, QuarterPeriod.MaxYear)
            .WithCode("period.year", QuarterPeriod.MinYear, QuarterPeriod.MaxYear);
        RuleFor(r => r.Quarter).InclusiveBetween(1, 4).WithCode("period.quarter");
    }
}

public sealed class YearRouteValidator : AbstractValidator<YearRoute>
{
    public YearRouteValidator() => RuleFor(r => r.Year).InclusiveBetween(QuarterPeriod.MinYear, QuarterPeriod.MaxYear)
        .WithCode("period.year", QuarterPeriod.MinYear, QuarterPeriod.MaxYear);
}
