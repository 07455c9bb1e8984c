using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Reviews;
using Crm.Api.Targets;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Reviews;
using Crm.Domain.Schedules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Schedules;

/// <summary>A signed project's construction schedule (docs/review-counting-rules.md, "The schedule").</summary>
public static class ScheduleEndpoints
{
    public static RouteGroupBuilder MapSchedules(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Schedule").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        group.MapGet("/deals/{id:int}/schedule", GetAsync).WithName("GetDealSchedule")
            .WithSummary("A signed project's milestones in order, each with its planned date, actual date and slip in days; the next milestone; the re-plans with their reasons.");
        group.MapPut("/deals/{id:int}/schedule/{kind}", SetAsync).WithName("SetDealMilestone")
            .WithSummary("Set a milestone's planned date and, for a milestone that is not a pipeline stage, the day it was reached. Moving a plan that was set needs a reason.");
        group.MapGet("/reviews/{year:int}/Q{quarter:int}/rates", RatesAsync).WithName("GetQuarterFiveRates")
            .WithSummary("The five rates of the quarter's signings and of the year's to the quarter's end, per desk: land handed over, started, producing, at capacity and on schedule, with the projects behind them. ?desk=GD for a desk.");
        return api;
    }

    public static async Task<Results<Ok<DealSchedule>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, ScheduleService schedules, CancellationToken ct) =>
        await schedules.GetAsync(principal.ToCurrentUser(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    public static async Task<Results<Ok<DealSchedule>, NotFound, ForbidHttpResult, Conflict<DealSchedule>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> SetAsync(
        int id, MilestoneKind kind, MilestoneInput input, ClaimsPrincipal principal, ScheduleService schedules, CancellationToken ct) =>
        (await schedules.SetAsync(principal.ToCurrentUser(), id, kind, input, ct)).ToHttp();

    public static async Task<Results<Ok<FiveRatesReview>, NotFound, ForbidHttpResult>> RatesAsync(
        [AsParameters] QuarterRoute period, [AsParameters] ReviewQuery query, ClaimsPrincipal principal, FiveRatesService rates, CancellationToken ct) =>
        await rates.QuarterAsync(principal.ToCurrentUser(), period.Year, period.Quarter, query.Desk, ct) switch
        {
            ServiceResult<FiveRatesReview>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<FiveRatesReview>.Forbidden => TypedResults.Forbid(),
            ServiceResult<FiveRatesReview>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };
}
