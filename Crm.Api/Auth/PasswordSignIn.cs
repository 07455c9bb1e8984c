using Crm.Domain.Auditing;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Crm.Api.Auth;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>Wrong password, unknown email or locked account: one answer for all three.</summary>
    Failed,
    /// <summary>Too many attempts from this address or for this account; <see cref="SignInAttempt.RetryAfter"/> says how long to wait.</summary>
    TooManyAttempts,
}

public sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan? RetryAfter = null);

/// <summary>
/// Signing in with email and password, for the sign-in page and the API's token route alike: the attempt is counted
/// (<see cref="SignInLimiter"/>), and an unknown email or a locked account costs the same password hashing as a
/// wrong password, so neither the answer nor its time tells who has an account. Every attempt, its outcome whatever it
/// is, goes into the audit log.
/// </summary>
public sealed class PasswordSignIn(SignInManager<CrmUser> signIn, IPasswordHasher<CrmUser> hasher, SignInLimiter limiter, AuditLogService audit)
{
    /// <summary>A hash of a random password, made by the same hasher (so with the same work factor) as the stored ones.</summary>
    private static string? _standInHash;

    /// <param name="scheme">Where a success signs in: the Identity cookie (page) or bearer tokens (API).</param>
    public async Task<SignInAttempt> SignInAsync(HttpContext context, string email, string password, bool persistent, string scheme)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (limiter.Refuse(context, email) is { } wait)
        {
            await audit.RecordSignInAsync(null, email, AuditActions.SignInThrottled, scheme, address, context.RequestAborted);
            return new SignInAttempt(SignInOutcome.TooManyAttempts, wait);
        }
        signIn.AuthenticationScheme = scheme;
        var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            // Identity answers these without hashing, tens of milliseconds sooner than a wrong password.
            var standIn = user ?? new CrmUser { DisplayName = "" };
            _ = hasher.VerifyHashedPassword(standIn, _standInHash ??= hasher.HashPassword(standIn, Guid.NewGuid().ToString("N")), password);
            await audit.RecordSignInAsync(user?.Id, email, AuditActions.SignInFailed, scheme, address, context.RequestAborted);
            return new SignInAttempt(SignInOutcome.Failed);
        }
        // lockoutOnFailure: the fifth wrong password locks the account.
        var result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        await audit.RecordSignInAsync(user.Id, email, result.Succeeded ? AuditActions.SignedIn : AuditActions.SignInFailed, scheme, address, context.RequestAborted);
        return new SignInAttempt(result.Succeeded ? SignInOutcome.SignedIn : SignInOutcome.Failed);
    }
}
