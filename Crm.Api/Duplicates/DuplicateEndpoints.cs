using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Duplicates;
using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
            .RequireAuthorization(ApiPolicies.DealWorkers).WithValidation()
            .WithSummary("Who already follows a company of this name or credit code, across every desk (full matches for Managers).");
        api.MapPost("/companies/{id:int}/merge-into/{targetId:int}", MergeAsync).WithTags("Companies").WithName("MergeCompany")
            .RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Managers: fold a duplicate company into another; its deals and contacts move along, it is removed.");
        return api;
    }

    public static async Task<Ok<DuplicateReport>> CheckAsync(
        [AsParameters] DuplicateCheckQuery query, ClaimsPrincipal principal, DuplicateDetector duplicates, CancellationToken ct)
    {
        var found = PossibleDuplicates.For(principal.ToCurrentUser(), await duplicates.FindAsync(new DuplicateCheck(query.Name ?? string.Empty, query.CreditCode), ct));
        return TypedResults.Ok(new DuplicateReport(found.Notices, found.Matches));
    }

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, ValidationProblem>> MergeAsync(
        int id, int targetId, ClaimsPrincipal principal, CompanyMergeService merges, CancellationToken ct) =>
        await merges.MergeAsync(principal.ToCurrentUser(), id, targetId, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<CompanyResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
}

/// <summary>The query string of GET /api/v1/duplicates: a name, a credit code, or both.</summary>
public sealed record DuplicateCheckQuery([FromQuery] string? Name, [FromQuery] string? CreditCode);

public sealed class DuplicateCheckQueryValidator : AbstractValidator<DuplicateCheckQuery>
{
    public DuplicateCheckQueryValidator()
    {
        RuleFor(q => q.Name).NotEmpty().When(q => string.IsNullOrWhiteSpace(q.CreditCode)).WithCode("duplicate.nameOrCode");
        RuleFor(q => q.Name).MaximumLength(FieldLengths.Name);
        RuleFor(q => q.CreditCode).MaximumLength(FieldLengths.ShortText);
    }
}
