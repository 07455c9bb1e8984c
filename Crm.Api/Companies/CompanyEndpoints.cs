using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Duplicates;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Companies;

public static class CompanyEndpoints
{
    public static RouteGroupBuilder MapCompanies(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        companies.MapGet("/", SearchAsync).WithName("SearchCompanies").WithSummary("Companies whose name contains q, or whose credit code is q.");
        companies.MapGet("/{id:int}", GetAsync).WithName("GetCompany");
        companies.MapPost("/", CreateAsync).WithName("CreateCompany").WithSummary("Register a company (credit code checked and unique).");
        companies.MapPut("/{id:int}", UpdateAsync).WithName("UpdateCompany").WithSummary("Update a company; send the version you read.");
        companies.MapPut("/{id:int}/scale", SetScaleAsync).WithName("SetCompanyScale")
            .WithSummary("Record the day the company became of designated size (annual main-business revenue of 20 million yuan or more), or clear it with null.");
        companies.MapPost("/{id:int}/contacts", AddContactAsync).WithName("AddCompanyContact")
            .WithSummary("Add a contact (only who sees one of the company's deals, or anyone while no desk follows it).");
        companies.MapPut("/{id:int}/contacts/{contactId:int}", UpdateContactAsync).WithName("UpdateCompanyContact")
            .WithSummary("Edit a contact; send the company's version you read.");
        companies.MapDelete("/{id:int}/contacts/{contactId:int}", RemoveContactAsync).WithName("RemoveCompanyContact")
            .WithSummary("Remove a contact.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CompanyResponse>>> SearchAsync(
        [AsParameters] CompanySearchQuery query, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        TypedResults.Ok(await companies.SearchAsync(principal.ToCurrentUser(), query.ToFilter(), ct));

    public static async Task<Results<Ok<CompanyResponse>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.GetAsync(principal.ToCurrentUser(), id, ct) is { } company ? TypedResults.Ok(company) : TypedResults.NotFound();

    /// <summary>A company the zone already knows (any desk) is a 409 naming desk and date only, unless <paramref name="confirm"/>.</summary>
    public static async Task<Results<Created<CompanyResponse>, Conflict<DuplicateProblem>, UnprocessableEntity<ProblemDetailsBody>>> CreateAsync(
        CompanyInput input, bool? confirm, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.CreateAsync(principal.ToCurrentUser(), input, confirm == true, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Created($"/api/v1/companies/{ok.Value.Id}", ok.Value),
            ServiceResult<CompanyResponse>.Unconfirmed duplicate => TypedResults.Conflict(DuplicateProblem.Of(duplicate.Violation, duplicate.Found)),
            ServiceResult<CompanyResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>, UnprocessableEntity<ProblemDetailsBody>>> UpdateAsync(
        int id, CompanyUpdateInput input, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.UpdateAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<CompanyResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<CompanyResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<CompanyResponse>, NotFound, Conflict<CompanyResponse>>> SetScaleAsync(
        int id, CompanyScaleInput input, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.SetScaleAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            var other => throw ServiceResults.Unexpected(other),
        };

    /// <summary>A company the caller sees but whose deals are all another desk's: 403, as a deal of theirs would be 404.</summary>
    public static async Task<Results<Created<CompanyResponse>, NotFound, ForbidHttpResult>> AddContactAsync(
        int id, ContactInput input, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.AddContactAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Created($"/api/v1/companies/{id}", ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>>> UpdateContactAsync(
        int id, int contactId, ContactUpdateInput input, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.UpdateContactAsync(principal.ToCurrentUser(), id, contactId, input, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<CompanyResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>>> RemoveContactAsync(
        int id, int contactId, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.RemoveContactAsync(principal.ToCurrentUser(), id, contactId, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<CompanyResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            var other => throw ServiceResults.Unexpected(other),
        };
}

/// <summary>The query string of GET /api/v1/companies (<see cref="CompanyFilter"/>): a name fragment or a credit code, filters, sort, how many.</summary>
public sealed record CompanySearchQuery(
    [FromQuery] string? Q,
    [FromQuery] int? Take,
    [FromQuery] CompanyTier[]? Tier,
    [FromQuery] Crm.Domain.Deals.Segment[]? Segment,
    [FromQuery] Crm.Domain.Deals.Region[]? Region,
    [FromQuery] string[]? Desk,
    [FromQuery] string? Sort)
{
    public const int DefaultTake = 50;

    public CompanyFilter ToFilter() => new()
    {
        Q = Q,
        Take = Take ?? DefaultTake,
        Tier = Tier,
        Segment = Segment,
        Region = Region,
        Desk = Desk,
        Sort = Sort,
    };
}

public sealed class CompanySearchQueryValidator : AbstractValidator<CompanySearchQuery>
{
    public CompanySearchQueryValidator()
    {
        RuleFor(q => q.Q).MaximumLength(FieldLengths.Name);
        RuleFor(q => q.Take).InclusiveBetween(1, CompanyService.MaxPageSize);
        RuleFor(q => q.Sort).Must(CompanyQuery.IsValidSort).WithCode("list.sortUnknown", string.Join(", ", CompanyQuery.SortKeys));
    }
}
