using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Duplicates;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        string? q, int? take, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        TypedResults.Ok(await companies.SearchAsync(principal.ToCurrentUser(), q, take ?? 50, ct));

    public static async Task<Results<Ok<CompanyResponse>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        await companies.GetAsync(principal.ToCurrentUser(), id, ct) is { } company ? TypedResults.Ok(company) : TypedResults.NotFound();

    /// <summary>A company the zone already knows (any desk) is a 409 naming desk and date only, unless <paramref name="confirm"/>.</summary>
    public static async Task<Results<Conflict<DuplicateProblem>, Results<Created<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>>> CreateAsync(
        CompanyInput input, bool? confirm, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct)
    {
        var result = await companies.CreateAsync(principal.ToCurrentUser(), input, confirm == true, ct);
        return result is ServiceResult<CompanyResponse>.Unconfirmed duplicate
            ? TypedResults.Conflict(DuplicateProblem.Of(duplicate.Violation, duplicate.Found))
            : result.ToCreated(c => $"/api/v1/companies/{c.Id}");
    }

    public static async Task<Results<Ok<CompanyResponse>, NotFound, ForbidHttpResult, Conflict<CompanyResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> UpdateAsync(
        int id, CompanyUpdateInput input, ClaimsPrincipal principal, CompanyService companies, CancellationToken ct) =>
        (await companies.UpdateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();
}
