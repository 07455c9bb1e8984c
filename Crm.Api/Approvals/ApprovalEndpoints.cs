using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Approvals;
using Crm.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Approvals;

/// <summary>
/// A signed project's approvals checklist (docs/decisions/0026-approval-checklists.md) and the templates Admins keep.
/// A deal the caller cannot see is a 404; a change sends the version it read (a stale one is a 409 with what is stored now).
/// </summary>
public static class ApprovalEndpoints
{
    public static RouteGroupBuilder MapApprovals(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Approvals").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation();
        group.MapGet("/deals/{id:int}/approvals", GetAsync).WithName("GetDealApprovals")
            .WithSummary("The project's approvals in order, each with its department, status, dates and proof; the next milestone and the approvals that block it.");
        group.MapPost("/deals/{id:int}/approvals", AddAsync).WithName("AddDealApproval")
            .WithSummary("Add an approval of your own to a signed project's checklist.");
        group.MapPost("/deals/{id:int}/approvals/apply", ApplyAsync).WithName("ApplyApprovalTemplate")
            .WithSummary("Copy a template's approvals onto a signed project's checklist; approvals already on it by name are skipped.");
        group.MapPut("/approvals/{id:int}", UpdateAsync).WithName("UpdateDealApproval")
            .WithSummary("Set an approval's status, planned and granted dates, department, proving document (of the same deal) and note; send the version you read.");
        group.MapDelete("/approvals/{id:int}", DeleteAsync).WithName("DeleteDealApproval")
            .WithSummary("Remove an approval from the checklist (audited).");

        var templates = api.MapGroup("/approval-templates").WithTags("Approvals").WithValidation();
        templates.MapGet("/", ListTemplatesAsync).RequireAuthorization(ApiPolicies.DealWorkers).WithName("ListApprovalTemplates")
            .WithSummary("The approval checklists per kind of project, active or not, each with its approvals in order.");
        templates.MapPost("/", CreateTemplateAsync).RequireAuthorization(ApiPolicies.Admins).WithName("CreateApprovalTemplate")
            .WithSummary("Add a checklist template (Admins).");
        templates.MapPut("/{id:int}", UpdateTemplateAsync).RequireAuthorization(ApiPolicies.Admins).WithName("UpdateApprovalTemplate")
            .WithSummary("Rename, reorder, deactivate or reactivate a template and replace its approvals (Admins); none is deleted. Send the version you read.");
        templates.MapPost("/food-plant", AddFoodPlantAsync).RequireAuthorization(ApiPolicies.Admins).WithName("AddFoodPlantApprovalTemplate")
            .WithSummary("Add the built-in food-processing plant template (Admins), its departments kept where their codes exist.");
        return api;
    }

    public static async Task<Results<Ok<DealApprovals>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct) =>
        await approvals.GetAsync(principal.ToCurrentUser(), id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    public static async Task<Results<Ok<DealApprovals>, NotFound, ForbidHttpResult, Conflict<DealApprovals>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> AddAsync(
        int id, ApprovalItemInput input, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct) =>
        (await approvals.AddAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealApprovals>, NotFound, ForbidHttpResult, Conflict<DealApprovals>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> ApplyAsync(
        int id, ApplyTemplateInput input, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct) =>
        (await approvals.ApplyTemplateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealApprovals>, NotFound, ForbidHttpResult, Conflict<DealApprovals>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> UpdateAsync(
        int id, ApprovalUpdateInput input, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct) =>
        (await approvals.UpdateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<DealApprovals>, NotFound, ForbidHttpResult, Conflict<DealApprovals>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> DeleteAsync(
        int id, ClaimsPrincipal principal, ApprovalService approvals, CancellationToken ct) =>
        (await approvals.DeleteAsync(principal.ToCurrentUser(), id, ct)).ToHttp();

    public static async Task<Ok<List<ApprovalTemplateResponse>>> ListTemplatesAsync(ApprovalTemplateService templates, CancellationToken ct) =>
        TypedResults.Ok(await templates.ListAsync(ct));

    public static async Task<Results<Created<ApprovalTemplateResponse>, ForbidHttpResult, ValidationProblem>> CreateTemplateAsync(
        ApprovalTemplateInput input, ClaimsPrincipal principal, ApprovalTemplateService templates, CancellationToken ct) =>
        await templates.CreateAsync(principal.ToCurrentUser(), input, ct) switch
        {
            ServiceResult<ApprovalTemplateResponse>.Ok ok => TypedResults.Created($"/api/v1/approval-templates/{ok.Value.Id}", ok.Value),
            ServiceResult<ApprovalTemplateResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<ApprovalTemplateResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<ApprovalTemplateResponse>, NotFound, ForbidHttpResult, Conflict<ApprovalTemplateResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> UpdateTemplateAsync(
        int id, ApprovalTemplateInput input, ClaimsPrincipal principal, ApprovalTemplateService templates, CancellationToken ct) =>
        (await templates.UpdateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Created<ApprovalTemplateResponse>, ForbidHttpResult, UnprocessableEntity<ProblemDetailsBody>>> AddFoodPlantAsync(
        ClaimsPrincipal principal, ApprovalTemplateService templates, CancellationToken ct) =>
        await templates.AddFoodPlantAsync(principal.ToCurrentUser(), ct) switch
        {
            ServiceResult<ApprovalTemplateResponse>.Ok ok => TypedResults.Created($"/api/v1/approval-templates/{ok.Value.Id}", ok.Value),
            ServiceResult<ApprovalTemplateResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<ApprovalTemplateResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
}
