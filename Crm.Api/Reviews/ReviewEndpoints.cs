using System.Globalization;
using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Targets;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Localization;
using Crm.Domain.Reviews;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Reviews;

public static class ReviewEndpoints
{
    public const string ExpandDeals = "deals";

    public static RouteGroupBuilder MapReviews(this RouteGroupBuilder api)
    {
        var reviews = api.MapGroup("/reviews").WithTags("Reviews").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();

        reviews.MapGet("/{year:int}/Q{quarter:int}", GetAsync).WithName("GetQuarterReview")
            .WithSummary("The quarterly pipeline review: target vs actual, flows, snapshot, channels, rates, slipped, stale. "
                + "?desk=GD limits it to a desk; ?expand=deals adds the deals behind every number.");
        reviews.MapGet("/{year:int}/Q{quarter:int}.xlsx", ExportAsync).WithName("ExportQuarterReview")
            .WithSummary("The review as an Excel workbook in the caller's language (Accept-Language, else the user's setting).")
            .Produces(StatusCodes.Status200OK, contentType: ReviewWorkbook.ContentType);
        reviews.MapGet("/{year:int}/Q{quarter:int}/trends", TrendsAsync).WithName("GetReviewTrends")
            .WithSummary("Each figure over the four quarters ending at this one, the year to date, the annual target and the gap. ?desk=GD for a desk.");
        reviews.MapGet("/{year:int}/Q{quarter:int}/closed", ClosedAsync).WithName("GetClosedQuarter")
            .WithSummary("A closed quarter: the figures reported on closing and what has changed since (who, when). 404 while the quarter is open.");
        reviews.MapPost("/{year:int}/Q{quarter:int}/close", CloseAsync).WithName("CloseQuarter").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Close an ended quarter: its review is stored as reported. 409 with the stored closing when it is already closed.");
        reviews.MapDelete("/{year:int}/Q{quarter:int}/close", ReopenAsync).WithName("ReopenQuarter").RequireAuthorization(ApiPolicies.Admins)
            .WithSummary("Reopen a closed quarter (Admin): the reported review is deleted and kept in the audit log.");
        return api;
    }

    public static async Task<Results<Ok<QuarterReview>, NotFound, ForbidHttpResult>> GetAsync(
        [AsParameters] QuarterRoute period, [AsParameters] ReviewQuery query, ClaimsPrincipal principal, ReviewService reviews,
        CancellationToken ct) =>
        await reviews.GetAsync(principal.ToCurrentUser(), period.Year, period.Quarter, query.Desk,
            query.Expand is not null ? ReviewLists.All : ReviewLists.None, ct) switch
        {
            ServiceResult<QuarterReview>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<QuarterReview>.Forbidden => TypedResults.Forbid(),
            ServiceResult<QuarterReview>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<ReviewTrends>, NotFound, ForbidHttpResult>> TrendsAsync(
        [AsParameters] QuarterRoute period, [AsParameters] ReviewQuery query, ClaimsPrincipal principal, ReviewTrendsService trends,
        CancellationToken ct) =>
        await trends.GetAsync(principal.ToCurrentUser(), period.Year, period.Quarter, query.Desk, ct) switch
        {
            ServiceResult<ReviewTrends>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<ReviewTrends>.Forbidden => TypedResults.Forbid(),
            ServiceResult<ReviewTrends>.NotFound => TypedResults.NotFound(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<ClosedQuarterView>, NotFound, ForbidHttpResult>> ClosedAsync(
        [AsParameters] QuarterRoute period, [AsParameters] ReviewQuery query, ClaimsPrincipal principal, ClosedQuarterService closings,
        CancellationToken ct) =>
        await closings.GetAsync(principal.ToCurrentUser(), period.Year, period.Quarter, query.Desk, ct) switch
        {
            ServiceResult<ClosedQuarterView?>.Ok { Value: { } view } => TypedResults.Ok(view),
            ServiceResult<ClosedQuarterView?>.Ok or ServiceResult<ClosedQuarterView?>.NotFound => TypedResults.NotFound(),
            ServiceResult<ClosedQuarterView?>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<ClosedQuarterView>, NotFound, ForbidHttpResult, Conflict<ClosedQuarterView>, UnprocessableEntity<ProblemDetailsBody>>> CloseAsync(
        [AsParameters] QuarterRoute period, ClaimsPrincipal principal, ClosedQuarterService closings, CancellationToken ct) =>
        await closings.CloseAsync(principal.ToCurrentUser(), period.Year, period.Quarter, ct) switch
        {
            ServiceResult<ClosedQuarterView>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<ClosedQuarterView>.NotFound => TypedResults.NotFound(),
            ServiceResult<ClosedQuarterView>.Forbidden => TypedResults.Forbid(),
            ServiceResult<ClosedQuarterView>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<ClosedQuarterView>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> ReopenAsync(
        [AsParameters] QuarterRoute period, ClaimsPrincipal principal, ClosedQuarterService closings, CancellationToken ct) =>
        await closings.ReopenAsync(principal.ToCurrentUser(), period.Year, period.Quarter, ct) switch
        {
            ServiceResult<bool>.Ok => TypedResults.NoContent(),
            ServiceResult<bool>.NotFound => TypedResults.NotFound(),
            ServiceResult<bool>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    /// <summary>
    /// The figures are read before answering (a review out of scope is a 404/403 as on the JSON route); the workbook is
    /// then written straight into the response, each deal list streamed from the database to its sheet.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, NotFound, ForbidHttpResult>> ExportAsync(
        [AsParameters] QuarterRoute period, [AsParameters] ReviewQuery query, ClaimsPrincipal principal,
        ReviewService reviews, CancellationToken ct)
    {
        var user = principal.ToCurrentUser();
        var result = await reviews.GetAsync(user, period.Year, period.Quarter, query.Desk, ReviewLists.None, ct);
        if (result is not ServiceResult<QuarterReview>.Ok ok)
        {
            return result switch
            {
                ServiceResult<QuarterReview>.Forbidden => TypedResults.Forbid(),
                ServiceResult<QuarterReview>.NotFound => TypedResults.NotFound(),
                var other => throw ServiceResults.Unexpected(other),
            };
        }
        var review = ok.Value;
        var culture = CultureInfo.CurrentUICulture;
        await reviews.AuditExportAsync(user, review, culture, "api", ct);
        var name = review.Desk is null ? $"review-{period.Year}-Q{period.Quarter}.xlsx" : $"review-{period.Year}-Q{period.Quarter}-{review.Desk}.xlsx";
        return TypedResults.Stream(body => ReviewWorkbook.WriteAsync(review, list => reviews.StreamDeals(review, list), culture, body, ct),
            ReviewWorkbook.ContentType, name);
    }
}

/// <summary>The query string of a review: ?desk=GD limits it to a desk; ?expand=deals adds the deals (the workbook always has them).</summary>
public sealed record ReviewQuery([FromQuery] string? Desk, [FromQuery] string? Expand);

public sealed class ReviewQueryValidator : AbstractValidator<ReviewQuery>
{
    public ReviewQueryValidator()
    {
        RuleFor(q => q.Desk).MaximumLength(FieldLengths.Code);
        RuleFor(q => q.Expand).Must(e => e is null || string.Equals(e, ReviewEndpoints.ExpandDeals, StringComparison.OrdinalIgnoreCase))
            .WithCode("review.expandUnknown", ReviewEndpoints.ExpandDeals);
    }
}
