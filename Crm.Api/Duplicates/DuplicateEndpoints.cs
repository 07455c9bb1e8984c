using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Duplicates;
using Crm.Domain.Localization;
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
    string Type, string Title, int Status, string Detail, string Code, string Rule,
    IReadOnlyList<DuplicateNotice> Duplicates, IReadOnlyList<DuplicateMatch>? Matches)
{
    /// <summary>The domain's refusal as the API answers it: the code (also as <c>rule</c>, its first name), the words in the request's language.</summary>
    public static DuplicateProblem Of(RuleViolation violation, PossibleDuplicates found) => new(
        "https://tools.ietf.org/html/rfc9110#section-15.5.10", Catalogue.Text("Duplicate.Heading"), StatusCodes.Status409Conflict,
        Catalogue.Of(violation), violation.Code, violation.Code, found.Notices, found.Matches);
}

/// <summary>The answer of a duplicate check: notices for everyone, full matches for Managers only.</summary>
public sealed record DuplicateReport(IReadOnlyList<DuplicateNotice> Duplicates, IReadOnlyList<DuplicateMatch>? Matches);

public static class DuplicateEndpoints
{
    public const string PossibleDuplicateRule = PossibleDuplicates.Code;

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
        var found = PossibleDuplicates.For(principal.ToCurrentUser(), await duplicates.FindAsync(new DuplicateCheck(name ?? string.Empty, creditCode), ct));
        return TypedResults.Ok(new DuplicateReport(found.Notices, found.Matches));
    }

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> MergeAsync(
        int id, int targetId, ClaimsPrincipal principal, CompanyMergeService merges, CancellationToken ct) =>
        (await merges.MergeAsync(principal.ToCurrentUser(), id, targetId, ct)).ToHttp();
}
