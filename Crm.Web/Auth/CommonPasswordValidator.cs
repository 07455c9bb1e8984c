using Crm.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Auth;

/// <summary>Refuses the passwords every attacker tries first (OWASP ASVS 6.2.4), in any letter case.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<CrmUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111", "000000000000",
        "qwertyuiop12", "qwertyuiopas", "qwerty123456", "123456qwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "password1234", "password123!", "password12345", "passwordpassword", "p@ssw0rd1234", "p@ssword1234",
        "iloveyou1234", "admin1234567", "administrator", "welcome12345", "letmein12345", "changeme1234",
        "abc123456789", "abcdefghijkl", "aaaaaaaaaaaa", "woaini1314520", "woaini123456", "5201314520131",
        "zhang123456789", "88888888888888", "666666666666", "888888888888", "147258369147", "asdfghjkl123",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<CrmUser> manager, CrmUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var lowered = password.ToLowerInvariant();
        var fromUser = new[] { user.Email, user.UserName, user.DisplayName }
            .Where(s => !string.IsNullOrEmpty(s))
            .Any(s => lowered.Contains(s!.ToLowerInvariant().Split('@')[0], StringComparison.Ordinal) && s!.Split('@')[0].Length >= 4);
        return Task.FromResult(Common.Contains(password) || fromUser
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is too common or contains your name; choose another." })
            : IdentityResult.Success);
    }
}
