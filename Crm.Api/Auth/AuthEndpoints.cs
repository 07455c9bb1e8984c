using System.Security.Claims;
using Crm.Api.Validation;
using Crm.Domain.Data;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Api.Auth;

public sealed record TokenRequest(string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

/// <summary>An invited user sets their password with the token an Admin sent them.</summary>
public sealed record AcceptInvitationRequest(string Email, string Token, string Password);

public sealed record MeResponse(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? Desk, string Language);

public sealed class TokenRequestValidator : AbstractValidator<TokenRequest>
{
    public TokenRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(256);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(256);
    }
}

public sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
{
    public RefreshRequestValidator() => RuleFor(r => r.RefreshToken).NotEmpty().MaximumLength(8192);
}

public static class AuthEndpoints
{
    /// <summary>Token sign-in for API clients. There is no registration: users are created by an Admin.</summary>
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in").WithValidation();
        // Each handler counts its attempt with SignInLimiter (per address, and per account where one is named): 429 with Retry-After.
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous()
            .WithName("IssueToken").WithSummary("Exchange email and password for an access and a refresh token.")
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithName("RefreshToken").WithSummary("Exchange a refresh token for new tokens.")
            .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/accept-invitation", AcceptInvitationAsync).AllowAnonymous()
            .WithName("AcceptInvitation").WithSummary("Set the password of an invited account with its invitation token.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/me", GetMeAsync).RequireAuthorization(ApiPolicies.SignedIn)
            .WithTags("Sign-in").WithName("GetMe").WithSummary("Who the token belongs to.");
        return api;
    }

    /// <summary>The same words as the sign-in page's, in the request's language; the code for programs.</summary>
    private static ProblemHttpResult SignInFailed => TypedResults.Problem(Catalogue.Text("Login.Failed"),
        statusCode: StatusCodes.Status401Unauthorized, title: Catalogue.Text("Problem.SignInFailed"),
        extensions: new Dictionary<string, object?> { ["code"] = "signIn.failed" });

    /// <summary>The same words as the sign-in page's; <c>Retry-After</c> says when to try again.</summary>
    private static ProblemHttpResult TooManyAttempts(HttpContext context, TimeSpan wait)
    {
        SignInLimiter.TellWhenToRetry(context.Response, wait);
        return TypedResults.Problem(Catalogue.Text("Login.TooManyAttempts"), statusCode: StatusCodes.Status429TooManyRequests,
            title: Catalogue.Text("Problem.TooManyAttempts"), extensions: new Dictionary<string, object?> { ["code"] = "signIn.tooManyAttempts" });
    }

    /// <summary>Wrong password, unknown user and locked account all get the same answer.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, PasswordSignIn signIn, HttpContext context)
    {
        var attempt = await signIn.SignInAsync(context, request.Email, request.Password, persistent: false, IdentityConstants.BearerScheme);
        return attempt.Outcome switch
        {
            // The bearer handler has written the tokens to the response.
            SignInOutcome.SignedIn => TypedResults.Empty,
            SignInOutcome.TooManyAttempts => TooManyAttempts(context, attempt.RetryAfter!.Value),
            _ => SignInFailed,
        };
    }

    public static async Task<Results<EmptyHttpResult, SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<CrmUser> signIn, IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider time,
        SignInLimiter limiter, HttpContext context)
    {
        if (limiter.Refuse(context, account: null) is { } wait)
        {
            return TooManyAttempts(context, wait);
        }
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
            || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return SignInFailed;
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AcceptInvitationAsync(
        AcceptInvitationRequest request, UserManager<CrmUser> users, SignInLimiter limiter, HttpContext context)
    {
        if (limiter.Refuse(context, request.Email) is { } wait)
        {
            return TooManyAttempts(context, wait);
        }
        var user = await users.FindByEmailAsync(request.Email);
        // An unknown email and a wrong token read the same, so the endpoint tells nobody who has an account.
        var result = user is null
            ? IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "Invalid token." })
            : await users.ResetPasswordAsync(user, request.Token, request.Password);
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code == "InvalidToken") ? "token" : "password";
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = result.Errors.Select(e => Catalogue.Text($"Rule.identity.{e.Code}")).ToArray() },
                extensions: new Dictionary<string, object?>
                {
                    ["codes"] = new Dictionary<string, string[]> { [field] = result.Errors.Select(e => $"identity.{e.Code}").ToArray() },
                });
        }
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, CrmDbContext db, CancellationToken ct)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!)
            .OrderBy(n => n).ToListAsync(ct);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email!, user.DisplayName, roles, user.DeskCode, user.Language));
    }
}

public sealed class AcceptInvitationRequestValidator : AbstractValidator<AcceptInvitationRequest>
{
    public AcceptInvitationRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(256);
        RuleFor(r => r.Token).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(256);
    }
}
