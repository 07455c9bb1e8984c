using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Departments;
using Crm.Domain.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Problems;

/// <summary>
/// The problem list of signed projects and the departments problems are referred to. A deal or problem the caller cannot
/// see is a 404; every change sends the version it read (a stale one is a 409 with what is stored now).
/// </summary>
public static class ProblemEndpoints
{
    public static RouteGroupBuilder MapProblems(this RouteGroupBuilder api)
    {
        var problems = api.MapGroup("/deals/{id:int}/problems").WithTags("Problems").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        problems.MapGet("/", ListAsync).WithName("ListDealProblems").WithSummary("The project's problems, open first, by deadline, each with its state.");
        problems.MapPost("/", CreateAsync).WithName("LogDealProblem")
            .WithSummary("Log a problem on a signed project, referred to a department and a person, with a deadline.");
        problems.MapPut("/{problemId:int}", UpdateAsync).WithName("UpdateDealProblem")
            .WithSummary("Edit or reassign an open problem (kind, description, department, person, deadline); send the version you read.");
        problems.MapPost("/{problemId:int}/close", CloseAsync).WithName("CloseDealProblem")
            .WithSummary("Close a problem with its answer (the person it is assigned to, or a manager).");
        problems.MapPost("/{problemId:int}/reopen", ReopenAsync).WithName("ReopenDealProblem").WithSummary("Reopen a closed problem (managers).");

        var departments = api.MapGroup("/departments").WithTags("Problems").WithValidation();
        departments.MapGet("/", ListDepartmentsAsync).RequireAuthorization(ApiPolicies.DealWorkers).WithName("ListDepartments")
            .WithSummary("The departments problems are referred to, active or not, in sort order.");
        departments.MapPost("/", CreateDepartmentAsync).RequireAuthorization(ApiPolicies.Admins).WithName("CreateDepartment")
            .WithSummary("Add a department (Admins).");
        departments.MapPut("/{code}", UpdateDepartmentAsync).RequireAuthorization(ApiPolicies.Admins).WithName("UpdateDepartment")
            .WithSummary("Rename, reorder, deactivate or reactivate a department (Admins); none is deleted.");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<ProblemResponse>>, NotFound>> ListAsync(
        int id, ClaimsPrincipal principal, ProblemService problems, CancellationToken ct) =>
        await problems.ForDealAsync(principal.ToCurrentUser(), id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    public static async Task<Results<Created<ProblemResponse>, NotFound, ForbidHttpResult, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> CreateAsync(
        int id, ProblemInput input, ClaimsPrincipal principal, ProblemService problems, CancellationToken ct) =>
        await problems.CreateAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<ProblemResponse>.Ok ok => TypedResults.Created($"/api/v1/deals/{id}/problems/{ok.Value.Id}", ok.Value),
            ServiceResult<ProblemResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<ProblemResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<ProblemResponse>.Refused refused => refused.ToProblem(),
            ServiceResult<ProblemResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<ProblemResponse>, NotFound, ForbidHttpResult, Conflict<ProblemResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> UpdateAsync(
        int id, int problemId, ProblemUpdateInput input, ClaimsPrincipal principal, ProblemService problems, CancellationToken ct) =>
        (await problems.UpdateAsync(principal.ToCurrentUser(), id, problemId, input, ct)).ToHttp();

    public static async Task<Results<Ok<ProblemResponse>, NotFound, ForbidHttpResult, Conflict<ProblemResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> CloseAsync(
        int id, int problemId, ProblemCloseInput input, ClaimsPrincipal principal, ProblemService problems, CancellationToken ct) =>
        (await problems.CloseAsync(principal.ToCurrentUser(), id, problemId, input, ct)).ToHttp();

    public static async Task<Results<Ok<ProblemResponse>, NotFound, ForbidHttpResult, Conflict<ProblemResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> ReopenAsync(
        int id, int problemId, ProblemReopenInput input, ClaimsPrincipal principal, ProblemService problems, CancellationToken ct) =>
        (await problems.ReopenAsync(principal.ToCurrentUser(), id, problemId, input, ct)).ToHttp();

    public static async Task<Ok<List<DepartmentResponse>>> ListDepartmentsAsync(DepartmentService departments, CancellationToken ct) =>
        TypedResults.Ok(await departments.ListAsync(ct));

    public static async Task<Results<Created<DepartmentResponse>, ForbidHttpResult, ValidationProblem>> CreateDepartmentAsync(
        DepartmentInput input, ClaimsPrincipal principal, DepartmentService departments, CancellationToken ct) =>
        await departments.CreateAsync(principal.ToCurrentUser(), input, ct) switch
        {
            ServiceResult<DepartmentResponse>.Ok ok => TypedResults.Created($"/api/v1/departments/{ok.Value.Code}", ok.Value),
            ServiceResult<DepartmentResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<DepartmentResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<DepartmentResponse>, NotFound, ForbidHttpResult, ValidationProblem>> UpdateDepartmentAsync(
        string code, DepartmentInput input, ClaimsPrincipal principal, DepartmentService departments, CancellationToken ct) =>
        await departments.UpdateAsync(principal.ToCurrentUser(), code, input, ct) switch
        {
            ServiceResult<DepartmentResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<DepartmentResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<DepartmentResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<DepartmentResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
}
