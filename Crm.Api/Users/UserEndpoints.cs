using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Api.Validation;
using Crm.Domain.Common;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Users;

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(ApiPolicies.Admins).WithValidation();
        users.MapGet("/", ListAsync).WithName("ListUsers");
        users.MapPost("/", CreateAsync).WithName("CreateUser")
            .WithSummary("Create a user; without a password the answer carries an invitation token to send them.");
        users.MapPut("/{id}/access", SetAccessAsync).WithName("SetUserAccess").WithSummary("Set a user's role and desk.");
        users.MapPost("/{id}/lock", LockAsync).WithName("LockUser");
        users.MapPost("/{id}/unlock", UnlockAsync).WithName("UnlockUser");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<UserResponse>>> ListAsync(UserService users, CancellationToken ct) =>
        TypedResults.Ok(await users.ListAsync(ct));

    public static async Task<Results<Created<InvitedUser>, ValidationProblem>> CreateAsync(
        NewUserInput input, ClaimsPrincipal principal, UserService users, CancellationToken ct) =>
        await users.CreateAsync(principal.ToCurrentUser(), input, ct) switch
        {
            ServiceResult<InvitedUser>.Ok ok => TypedResults.Created($"/api/v1/users/{ok.Value.User.Id}", ok.Value),
            ServiceResult<InvitedUser>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<UserResponse>, NotFound, ValidationProblem>> SetAccessAsync(
        string id, UserAccessInput input, ClaimsPrincipal principal, UserService users, CancellationToken ct) =>
        await users.SetAccessAsync(principal.ToCurrentUser(), id, input, ct) switch
        {
            ServiceResult<UserResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<UserResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<UserResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    public static async Task<Results<Ok<UserResponse>, NotFound, UnprocessableEntity<ProblemDetailsBody>>> LockAsync(
        string id, ClaimsPrincipal principal, UserService users, CancellationToken ct) =>
        Locked(await users.SetLockedAsync(principal.ToCurrentUser(), id, true, ct));

    public static async Task<Results<Ok<UserResponse>, NotFound, UnprocessableEntity<ProblemDetailsBody>>> UnlockAsync(
        string id, ClaimsPrincipal principal, UserService users, CancellationToken ct) =>
        Locked(await users.SetLockedAsync(principal.ToCurrentUser(), id, false, ct));

    private static Results<Ok<UserResponse>, NotFound, UnprocessableEntity<ProblemDetailsBody>> Locked(ServiceResult<UserResponse> result) => result switch
    {
        ServiceResult<UserResponse>.Ok ok => TypedResults.Ok(ok.Value),
        ServiceResult<UserResponse>.NotFound => TypedResults.NotFound(),
        ServiceResult<UserResponse>.Refused refused => refused.ToProblem(),
        _ => throw ServiceResults.Unexpected(result),
    };
}
