using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Referrals;

/// <summary>
/// Advisors submit and follow their referrals; Managers triage them. The reading routes are open to Advisors, so
/// that a referral of another advisor answers 404 — never 403, which would confirm that it exists. The triage
/// routes are Managers' by policy: an advisor gets 403 on every id alike (which tells nothing about any of them),
/// and before the body is read, so a malformed body is not described to someone who may not send it.
/// </summary>
public static class ReferralEndpoints
{
    public static RouteGroupBuilder MapReferrals(this RouteGroupBuilder api)
    {
        var referrals = api.MapGroup("/referrals").WithTags("Referrals")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser()
                .RequireRole(Roles.Advisor, Roles.Manager, Roles.Admin))
            .WithValidation();

        referrals.MapPost("/", SubmitAsync).WithName("SubmitReferral")
            .WithSummary("An advisor hands a company over; the submitter is always the caller.");
        referrals.MapGet("/", ListAsync).WithName("ListReferrals")
            .WithSummary("An advisor's own referrals; for Managers all, filtered by status and advisorId. Newest first, keyset paged (beforeId).");
        referrals.MapGet("/results", ResultsAsync).WithName("GetReferralResults")
            .WithSummary("How many of the caller's referrals were accepted and reached Signed, Started, Producing.");
        referrals.MapGet("/{id:int}", GetAsync).WithName("GetReferral").WithSummary("One referral the caller may see.");
        referrals.MapGet("/{id:int}/duplicates", TriageAsync).WithName("GetReferralDuplicates").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Managers: the referral with every record of the zone that may be the same company, and why.");
        referrals.MapPost("/{id:int}/accept", AcceptAsync).WithName("AcceptReferral").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Managers: create the deal at Lead (source Advisor, attributed to the submitter); send the version you read.");
        referrals.MapPost("/{id:int}/decline", DeclineAsync).WithName("DeclineReferral").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Managers: decline with a reason.");
        referrals.MapPost("/{id:int}/duplicate", MarkDuplicateAsync).WithName("MarkReferralDuplicate").RequireAuthorization(ApiPolicies.Managers)
            .WithSummary("Managers: mark the referral a duplicate of a deal (dealId) or an earlier referral (referralId).");
        return api;
    }

    public static async Task<Results<Created<ReferralResponse>, ForbidHttpResult>> SubmitAsync(
        ReferralInput input, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        await referrals.SubmitAsync(principal.ToCurrentUser(), input, ct) switch
        {
            ServiceResult<ReferralResponse>.Ok ok => TypedResults.Created($"/api/v1/referrals/{ok.Value.Id}", ok.Value),
            ServiceResult<ReferralResponse>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Ok<ReferralPage>> ListAsync(
        [AsParameters] ReferralListQuery query, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct)
    {
        var filter = new ReferralFilter { Status = query.Status, AdvisorId = query.AdvisorId, PageSize = query.PageSize, BeforeId = query.BeforeId };
        return await referrals.ListAsync(principal.ToCurrentUser(), filter, ct) switch
        {
            ServiceResult<ReferralPage>.Ok ok => TypedResults.Ok(ok.Value),
            var other => throw ServiceResults.Unexpected(other),
        };
    }

    public static async Task<Ok<ReferralResults>> ResultsAsync(ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        TypedResults.Ok(await referrals.ResultsAsync(principal.ToCurrentUser(), ct));

    public static async Task<Results<Ok<ReferralResponse>, NotFound>> GetAsync(int id, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        await referrals.GetAsync(principal.ToCurrentUser(), id, ct) is { } referral ? TypedResults.Ok(referral) : TypedResults.NotFound();

    public static async Task<Results<Ok<ReferralTriage>, NotFound>> TriageAsync(int id, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        await referrals.TriageAsync(principal.ToCurrentUser(), id, ct) is { } triage ? TypedResults.Ok(triage) : TypedResults.NotFound();

    public static async Task<Results<Ok<ReferralResponse>, NotFound, ForbidHttpResult, Conflict<ReferralResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> AcceptAsync(
        int id, AcceptReferralInput input, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        (await referrals.AcceptAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();

    public static async Task<Results<Ok<ReferralResponse>, NotFound, ForbidHttpResult, Conflict<ReferralResponse>, UnprocessableEntity<ProblemDetailsBody>>> DeclineAsync(
        int id, DeclineReferralInput input, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        await referrals.DeclineAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<ReferralResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<ReferralResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<ReferralResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<ReferralResponse>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<ReferralResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<ReferralResponse>, NotFound, ForbidHttpResult, Conflict<ReferralResponse>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem>> MarkDuplicateAsync(
        int id, DuplicateReferralInput input, ClaimsPrincipal principal, ReferralService referrals, CancellationToken ct) =>
        (await referrals.MarkDuplicateAsync(principal.ToCurrentUser(), id, input, ct)).ToHttp();
}

/// <summary>The query string of GET /api/v1/referrals; advisorId is ignored for an advisor.</summary>
public sealed record ReferralListQuery(
    [FromQuery] ReferralStatus[]? Status,
    [FromQuery] string? AdvisorId,
    [FromQuery] int? PageSize,
    [FromQuery] int? BeforeId);

public sealed class ReferralListQueryValidator : AbstractValidator<ReferralListQuery>
{
    public ReferralListQueryValidator() => RuleFor(q => q.PageSize).InclusiveBetween(1, ReferralFilter.MaxPageSize);
}
