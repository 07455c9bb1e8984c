using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Duplicates;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Companies;
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
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CompanyResponse>>> SearchAsync(
        [AsParameters] CompanySearchQuery query, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        TypedResults.Ok(await companies.SearchAsync(principal.ToCurrentUser(), query.Q, query.Take ?? CompanySearchQuery.DefaultTake, ct));

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

    public static async Task<Results<Ok<CompanyResponse>, NotFound, Conflict<CompanyResponse>, UnprocessableEntity<ProblemDetailsBody>>> UpdateAsync(
        int id, CompanyUpdateInput input, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.UpdateAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<CompanyResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<CompanyResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<CompanyResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
}

/// <summary>The query string of GET /api/v1/companies: a name fragment or a credit code, and how many to return.</summary>
public sealed record CompanySearchQuery([FromQuery] string? Q, [FromQuery] int? Take)
{
    public const int DefaultTake = 50;
}

public sealed class CompanySearchQueryValidator : AbstractValidator<CompanySearchQuery>
{
    public CompanySearchQueryValidator()
    {
        RuleFor(q => q.Q).MaximumLength(FieldLengths.Name);
        RuleFor(q => q.Take).InclusiveBetween(1, CompanyService.MaxPageSize);
    }
}
