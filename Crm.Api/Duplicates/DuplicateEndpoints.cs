using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Duplicates;

/// <summary>
/// 409 on creating a company or deal the zone already follows (docs/decisions/0005-referrals-and-duplicates.md):
/// everyone gets <see cref="Duplicates"/> (desk and date only); a Manager also gets the full <see cref="Matches"/>.
/// Repeat the request with <c>?confirm=true</c> to create it anyway.
/// </summary>
public sealed record DuplicateProblem(
    string Type, string Title, int Status, string Detail, string Rule,
    IReadOnlyList<DuplicateNotice> Duplicates, IReadOnlyList<DuplicateMatch>? Matches);

/// <summary>The answer of a duplicate check: notices for everyone, full matches for Managers only.</summary>
public sealed record DuplicateReport(IReadOnlyList<DuplicateNotice> Duplicates, IReadOnlyList<DuplicateMatch>? Matches);

public static class DuplicateEndpoints
{
    public const string PossibleDuplicateRule = "duplicate.alreadyFollowed";

    public static RouteGroupBuilder MapDuplicates(this RouteGroupBuilder api)
    {
        api.MapGet("/duplicates", CheckAsync).WithTags("Duplicates").WithName("CheckDuplicates")
            .RequireAuthorization(ApiPolicies.DealWorkers)
            .WithSummary("Who already follows a company of this name or credit code, across every desk (full matches for Managers).");
        api.MapPost("/companies/{id:int}/merge-into/{targetId:int}", MergeAsync).WithTags("Companies").WithName("MergeCompany")
            .RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Managers: fold a duplicate company into another; its deals and contacts move along, it is removed.");
        return api;
    }

    public static async Task<Results<Ok<DuplicateReport>, ValidationProblem>> CheckAsync(
        string? name, string? creditCode, ClaimsPrincipal principal, DuplicateDetector duplicates, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(creditCode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Give a name or a credit code to check."] });
        }
        if (name?.Length > Crm.Domain.Common.FieldLengths.Name)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["The name is too long."] });
        }
        var matches = await duplicates.FindAsync(new DuplicateCheck(name ?? string.Empty, creditCode), ct);
        var user = principal.ToCurrentUser();
        return TypedResults.Ok(new DuplicateReport(DuplicateDetector.Notices(matches), user.IsZoneWide ? matches : null));
    }

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> MergeAsync(
        int id, int targetId, ClaimsPrincipal principal, CompanyMergeService merges, CancellationToken ct) =>
        (await merges.MergeAsync(principal.ToCurrentUser(), id, targetId, ct)).ToHttp();

    /// <summary>Before registering a company: the same code, the same or likely the same name already in the zone.</summary>
    public static async Task<DuplicateProblem?> CheckCompanyAsync(
        CurrentUser user, CompanyInput input, DuplicateDetector duplicates, CancellationToken ct) =>
        Problem(user, await duplicates.ForNewCompanyAsync(input, ct),
            "The zone already knows this company. Use the existing one, or repeat with ?confirm=true to register it anyway.");

    /// <summary>Before creating a deal: another desk already pursues this company, or one that is surely or likely the same.</summary>
    public static async Task<DuplicateProblem?> CheckDealAsync(
        CurrentUser user, NewDealInput input, DuplicateDetector duplicates, CancellationToken ct) =>
        Problem(user, await duplicates.ForNewDealAsync(user, input, ct),
            "Another desk already follows this company. Repeat with ?confirm=true to create the deal anyway.");

    private static DuplicateProblem? Problem(CurrentUser user, IReadOnlyList<DuplicateMatch> matches, string detail) =>
        matches.Count == 0 ? null : new DuplicateProblem(
            "https://tools.ietf.org/html/rfc9110#section-15.5.10", "The zone already follows this company.", StatusCodes.Status409Conflict,
            detail, PossibleDuplicateRule, DuplicateDetector.Notices(matches), user.IsZoneWide ? matches : null);
}
