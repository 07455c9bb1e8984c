using System.Globalization;
using Crm.Api.Auth;
using Crm.Api.Reviews;
using Crm.Api.Targets;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Reviews;

/// <summary>
/// The review page's "export": the same workbook as <c>GET /api/v1/reviews/{y}/Q{n}.xlsx</c>, for the browser's cookie
/// sign-in (the API takes bearer tokens only and stays so). Scoped as the page (a recruiter gets their desk, another desk
/// is a 404), in the user's language (the page's), and audited. A GET that only reads: another site can make the browser
/// download it, never read it.
/// </summary>
public static class ReviewExportEndpoint
{
    public const string Via = "page";

    public static string Url(int year, int quarter, string? desk) =>
        string.Create(CultureInfo.InvariantCulture, $"/reviews/{year}/Q{quarter}.xlsx") + (desk is null ? "" : $"?desk={Uri.EscapeDataString(desk)}");

    public static IEndpointRouteBuilder MapReviewExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reviews/{year:int}/Q{quarter:int}.xlsx", ExportAsync)
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.DealWorkers, AuthenticationSchemes = IdentityConstants.ApplicationScheme })
            .WithValidation()
            .WithName("ExportQuarterReviewFromPage")
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The route and query are the API export's (<see cref="QuarterRoute"/>, <see cref="ReviewQuery"/>), validated by the same validators.</summary>
    public static async Task<Results<PushStreamHttpResult, NotFound, ForbidHttpResult>> ExportAsync([AsParameters] QuarterRoute period,
        [AsParameters] ReviewQuery query, HttpContext http, ReviewService reviews, CancellationToken ct)
    {
        var (year, quarter) = (period.Year, period.Quarter);
        var user = http.User.ToCurrentUser();
        var result = await reviews.GetAsync(user, year, quarter, query.Desk, ReviewLists.None, ct);
        if (result is not ServiceResult<QuarterReview>.Ok ok)
        {
            return result is ServiceResult<QuarterReview>.Forbidden ? TypedResults.Forbid() : TypedResults.NotFound();
        }
        var review = ok.Value;
        var culture = CultureInfo.CurrentUICulture;
        await reviews.AuditExportAsync(user, review, culture, Via, ct);
        var name = review.Desk is null ? $"review-{year}-Q{quarter}.xlsx" : $"review-{year}-Q{quarter}-{review.Desk}.xlsx";
        return TypedResults.Stream(body => ReviewWorkbook.WriteAsync(review, list => reviews.StreamDeals(review, list), culture, body, ct),
            ReviewWorkbook.ContentType, name);
    }
}
