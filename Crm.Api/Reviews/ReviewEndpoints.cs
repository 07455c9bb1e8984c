using System.Security.Claims;

using Crm.Api.Auth;
using Crm.Api.Targets;
using Crm.Domain.Common;
using Crm.Domain.Reviews;

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
        var reviews = api.MapGroup("/reviews").WithTags("Reviews").RequireAuthorization(ApiPolicies.DealWorkers);

        reviews.MapGet("/{year:int}/Q{quarter:int}", GetAsync).WithName("GetQuarterReview")
            .WithSummary("The quarterly pipeline review: target vs actual, flows, snapshot, channels, rates, slipped, stale. "
                + "?desk=GD limits it to a desk; ?expand=deals adds the deals behind every number.");
        reviews.MapGet("/{year:int}/Q{quarter:int}.xlsx", ExportAsync).WithName("ExportQuarterReview")
            .WithSummary("The review as an Excel workbook in the caller's language (Accept-Language, else the user's setting).")
            .Produces(StatusCodes.Status200OK, contentType: ReviewWorkbook.ContentType);
        return api;
    }

    public static async Task<Results<Ok<QuarterReview>, NotFound, ForbidHttpResult, ValidationProblem>> GetAsync(
        int year, int quarter, [FromQuery] string? desk, [FromQuery] string? expand, ClaimsPrincipal principal, ReviewService reviews,
        CancellationToken ct)
    {
        if (TargetEndpoints.BadPeriod(year, quarter) is { } bad)
        {
            return bad;
        }
        if (expand is not null && !string.Equals(expand, ExpandDeals, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["expand"] = [$"'expand' is '{ExpandDeals}' or absent."] });
        }
        if (desk is { Length: > Domain.Common.FieldLengths.Code })
        {
            return TypedResults.NotFound();
        }
        return await reviews.GetAsync(principal.ToCurrentUser(), year, quarter, desk, expand is not null, ct) switch
        {
            ServiceResult<QuarterReview>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<QuarterReview>.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };
    }

    public static async Task<Results<FileContentHttpResult, NotFound, ForbidHttpResult, ValidationProblem>> ExportAsync(
        int year, int quarter, [FromQuery] string? desk, HttpRequest request, ClaimsPrincipal principal, ReviewService reviews,
        ReviewWorkbook workbook, CancellationToken ct)
    {
        if (TargetEndpoints.BadPeriod(year, quarter) is { } bad)
        {
            return bad;
        }
        if (desk is { Length: > Domain.Common.FieldLengths.Code })
        {
            return TypedResults.NotFound();
        }
        var user = principal.ToCurrentUser();
        var result = await reviews.GetAsync(user, year, quarter, desk, expand: true, ct);
        if (result is not ServiceResult<QuarterReview>.Ok ok)
        {
            return result is ServiceResult<QuarterReview>.Forbidden ? TypedResults.Forbid() : TypedResults.NotFound();
        }
        var culture = await workbook.CultureForAsync(user.Id, request.Headers.AcceptLanguage.ToString(), ct);
        var bytes = await workbook.WriteAsync(ok.Value, culture, ct);
        var name = ok.Value.Desk is null ? $"review-{year}-Q{quarter}.xlsx" : $"review-{year}-Q{quarter}-{ok.Value.Desk}.xlsx";
        return TypedResults.File(bytes, ReviewWorkbook.ContentType, name);
    }
}
