using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Users;

public sealed record UserResponse(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, string? Desk, bool IsLocked, string Language);

public sealed record NewUserInput
{
    public required string Email { get; init; }
    public required string DisplayName { get; init; }
    public required string Role { get; init; }
    public string? Desk { get; init; }
    public string Language { get; init; } = "zh-CN";
    /// <summary>Optional: without it the user is invited and sets their own password with the invitation token.</summary>
    public string? Password { get; init; }
}

/// <summary>The answer to creating a user: the invitation token is shown once, to the Admin who sends it on.</summary>
/// <summary>A person in a picker: id and name only.</summary>
public sealed record UserName(string Id, string DisplayName);

public sealed record InvitedUser(UserResponse User, string? InvitationToken);

public sealed record UserAccessInput
{
    public required string Role { get; init; }
    public string? Desk { get; init; }
    public string? DisplayName { get; init; }
}

/// <summary>
/// The one rule of a user's access, for the validators, the service and the Admin page alike: a recruiter works for a
/// desk (without one their board and lists are empty); other roles have none.
/// </summary>
public static class UserAccess
{
    public const string RecruiterNeedsDesk = "user.recruiterNeedsDesk";

    public static bool LacksDesk(string role, string? desk) => role == Roles.Recruiter && string.IsNullOrWhiteSpace(desk);

    /// <summary>The desk a user of this role keeps: a recruiter's own, nobody else's.</summary>
    public static string? DeskFor(string role, string? desk) => role == Roles.Recruiter ? desk : null;
}

public sealed class NewUserInputValidator : AbstractValidator<NewUserInput>
{
    public NewUserInputValidator()
    {
        RuleFor(u => u.Email).NotEmpty().EmailAddress().MaximumLength(FieldLengths.Email);
        RuleFor(u => u.DisplayName).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(u => u.Role).Must(r => Roles.All.Contains(r)).WithCode("user.roleUnknown", string.Join(", ", Roles.All));
        RuleFor(u => u.Desk).Must((u, desk) => !UserAccess.LacksDesk(u.Role, desk)).WithCode(UserAccess.RecruiterNeedsDesk);
        RuleFor(u => u.Desk).MaximumLength(FieldLengths.Code);
        RuleFor(u => u.Language).Must(l => Catalogue.Languages.Contains(l)).WithCode("user.languageUnknown");
        RuleFor(u => u.Password).MaximumLength(256);
    }
}

public sealed class UserAccessInputValidator : AbstractValidator<UserAccessInput>
{
    public UserAccessInputValidator()
    {
        RuleFor(u => u.Role).Must(r => Roles.All.Contains(r)).WithCode("user.roleUnknown", string.Join(", ", Roles.All));
        RuleFor(u => u.Desk).Must((u, desk) => !UserAccess.LacksDesk(u.Role, desk)).WithCode(UserAccess.RecruiterNeedsDesk);
        RuleFor(u => u.Desk).MaximumLength(FieldLengths.Code);
        RuleFor(u => u.DisplayName).MaximumLength(FieldLengths.ShortText);
    }
}

/// <summary>User administration: one role per user, a desk for recruiters, lock and unlock — each audited.</summary>
public sealed class UserService(CrmDbContext db, UserManager<CrmUser> users, TimeProvider time)
{
    public Task<IReadOnlyList<UserResponse>> ListAsync(CancellationToken ct) => QueryAsync(null, ct);

    public async Task<UserResponse?> GetAsync(string id, CancellationToken ct) => (await QueryAsync(id, ct)).SingleOrDefault();

    /// <summary>The people who hold any of <paramref name="roles"/>, by name: the owner and advisor pickers.</summary>
    public Task<List<UserName>> NamesInRolesAsync(IReadOnlyCollection<string> roles, CancellationToken ct) =>
        db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && roles.Contains(x.Name!))))
            .OrderBy(u => u.DisplayName).Select(u => new UserName(u.Id, u.DisplayName)).ToListAsync(ct);

    private async Task<IReadOnlyList<UserResponse>> QueryAsync(string? id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.Users.AsNoTracking().Where(u => id == null || u.Id == id).OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.DisplayName,
                u.DeskCode,
                u.LockoutEnd,
                u.Language,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(u => new UserResponse(u.Id, u.Email!, u.DisplayName, u.Roles, u.DeskCode, u.LockoutEnd > now, u.Language)).ToList();
    }

    public async Task<ServiceResult<InvitedUser>> CreateAsync(CurrentUser by, NewUserInput input, CancellationToken ct)
    {
        if (UserAccess.LacksDesk(input.Role, input.Desk))
        {
            return new ServiceResult<InvitedUser>.Invalid("desk", UserAccess.RecruiterNeedsDesk);
        }
        if (input.Desk is not null && !await db.Desks.AnyAsync(d => d.Code == input.Desk, ct))
        {
            return new ServiceResult<InvitedUser>.Invalid("desk", "input.noSuchDesk");
        }
        if (await users.FindByEmailAsync(input.Email) is not null)
        {
            return new ServiceResult<InvitedUser>.Invalid("email", "user.emailTaken");
        }

        var user = new CrmUser
        {
            UserName = input.Email,
            Email = input.Email,
            EmailConfirmed = true,
            DisplayName = input.DisplayName.Trim(),
            DeskCode = UserAccess.DeskFor(input.Role, input.Desk),
            Language = input.Language,
            CreatedAt = time.UtcNow(),
        };
        IdentityResult created;
        try
        {
            created = input.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, input.Password);
        }
        catch (DbUpdateException e) when (UniqueKeys.IsViolation(e))
        {
            // The same address created between Identity's check and its insert: the answer of a moment later.
            return db.LostRace(e) is var taken && (taken.Is<CrmUser>(nameof(CrmUser.NormalizedUserName)) || taken.Is<CrmUser>(nameof(CrmUser.NormalizedEmail)))
                ? new ServiceResult<InvitedUser>.Invalid("email", "user.emailTaken")
                : throw new InvalidOperationException($"Unique key {taken.Name} of a user has no refusal.", e);
        }
        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            // Identity's own check saw a user created after ours.
            return new ServiceResult<InvitedUser>.Invalid("email", "user.emailTaken");
        }
        if (!created.Succeeded)
        {
            return Invalid(created, "password");
        }
        await users.AddToRoleAsync(user, input.Role);
        var token = input.Password is null ? await users.GeneratePasswordResetTokenAsync(user) : null;

        var response = (await GetAsync(user.Id, ct))!;
        db.AuditLog.Add(AuditEntry.Of<UserResponse>(by.Id, "User", user.Id, AuditActions.Create, null, response, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return new InvitedUser(response, token);
    }

    public async Task<ServiceResult<UserResponse>> SetAccessAsync(CurrentUser by, string id, UserAccessInput input, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return new ServiceResult<UserResponse>.NotFound();
        }
        // The pages call the service without the API's validator: a recruiter with no desk would see an empty board.
        if (UserAccess.LacksDesk(input.Role, input.Desk))
        {
            return new ServiceResult<UserResponse>.Invalid("desk", UserAccess.RecruiterNeedsDesk);
        }
        if (input.Desk is not null && !await db.Desks.AnyAsync(d => d.Code == input.Desk, ct))
        {
            return new ServiceResult<UserResponse>.Invalid("desk", "input.noSuchDesk");
        }
        var before = (await GetAsync(id, ct))!;
        user.DeskCode = UserAccess.DeskFor(input.Role, input.Desk);
        if (!string.IsNullOrWhiteSpace(input.DisplayName))
        {
            user.DisplayName = input.DisplayName.Trim();
        }
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, input.Role);
        // A new security stamp ends the old sign-ins' claims at their next validation.
        await users.UpdateSecurityStampAsync(user);

        var after = (await GetAsync(id, ct))!;
        db.AuditLog.Add(AuditEntry.Of(by.Id, "User", id, AuditActions.SetRoles, before, after, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return after;
    }

    public async Task<ServiceResult<UserResponse>> SetLockedAsync(CurrentUser by, string id, bool locked, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return new ServiceResult<UserResponse>.NotFound();
        }
        if (locked && id == by.Id)
        {
            return new RuleViolation("user.cannotLockSelf");
        }
        var before = (await GetAsync(id, ct))!;
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked)
        {
            await users.ResetAccessFailedCountAsync(user);
        }
        await users.UpdateSecurityStampAsync(user);
        var after = (await GetAsync(id, ct))!;
        db.AuditLog.Add(AuditEntry.Of(by.Id, "User", id, locked ? AuditActions.Lock : AuditActions.Unlock, before, after, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return after;
    }

    /// <summary>
    /// A user chooses their own language (app bar, profile); anyone may change only their own. Audited like
    /// every other change to a user. The caller refreshes the sign-in so the language claim follows.
    /// </summary>
    public async Task<ServiceResult<UserResponse>> SetLanguageAsync(CurrentUser by, string language, CancellationToken ct)
    {
        if (!Catalogue.Languages.Contains(language))
        {
            return new ServiceResult<UserResponse>.Invalid("language", "user.languageUnknown");
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == by.Id, ct);
        if (user is null)
        {
            return new ServiceResult<UserResponse>.NotFound();
        }
        if (user.Language == language)
        {
            return (await GetAsync(by.Id, ct))!;
        }
        var before = (await GetAsync(by.Id, ct))!;
        user.Language = language;
        db.AuditLog.Add(AuditEntry.Of(by.Id, "User", by.Id, AuditActions.SetLanguage, before, before with { Language = language }, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return before with { Language = language };
    }

    private static ServiceResult<InvitedUser>.Invalid Invalid(IdentityResult result, string field) =>
        new(field, "identity." + result.Errors.First().Code);
}
