using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Auth;

/// <summary>
/// Identity's user manager, with failed sign-ins counted in the database by one conditional update. Identity's own
/// count reads the user, adds one and writes it back under the concurrency stamp: wrong passwords sent at once (to one
/// instance or to several) lost their counts to each other, so an account took many more guesses than
/// <see cref="IdentitySetup.MaxFailedSignIns"/> before it locked.
/// </summary>
public sealed class CrmUserManager(
    IUserStore<CrmUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<CrmUser> passwordHasher,
    IEnumerable<IUserValidator<CrmUser>> userValidators, IEnumerable<IPasswordValidator<CrmUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<CrmUser>> logger,
    CrmDbContext db)
    : UserManager<CrmUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(CrmUser user)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(user);
        var max = Options.Lockout.MaxFailedAccessAttempts;
        // Identity compares a lockout with the system clock (IsLockedOutAsync), so its end is set on that clock too.
        var until = DateTimeOffset.UtcNow.Add(Options.Lockout.DefaultLockoutTimeSpan);
        var stamp = Guid.NewGuid().ToString();
        // The right side of every SET reads the row as it was: the failure that reaches the limit locks and restarts the count.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= max ? until : u.LockoutEnd)
            .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1 >= max ? 0 : u.AccessFailedCount + 1)
            .SetProperty(u => u.ConcurrencyStamp, stamp));
        await db.Entry(user).ReloadAsync();
        return IdentityResult.Success;
    }
}
