using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Auth;

/// <summary>
/// An unknown email or a locked account costs a sign-in the same password hashing as a wrong password, so the
/// time of the answer tells nobody who has an account. Shown without timing: the hasher is asked once either way.
/// </summary>
public sealed class SignInCostTests
{
    private SignInTestApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new SignInTestApp();

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    public enum Account { Known, Unknown, Locked }

    private async Task<string> EmailOfAsync(Account account)
    {
        if (account == Account.Unknown)
        {
            return TestData.Unique("nobody") + "@zone.test";
        }
        var user = await _app.CreateUserAsync(Roles.Recruiter, "GD");
        if (account == Account.Locked)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!, DateTimeOffset.MaxValue);
        }
        return user.Email;
    }

    [TestCase(Account.Known)]
    [TestCase(Account.Unknown)]
    [TestCase(Account.Locked)]
    public async Task Api_sign_in_hashes_the_password_once_whoever_is_named(Account account)
    {
        var email = await EmailOfAsync(account);
        var before = _app.Verifications;

        var answer = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Wrong-Password-123" });

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_app.Verifications - before, Is.EqualTo(1));
    }

    [TestCase(Account.Known)]
    [TestCase(Account.Unknown)]
    [TestCase(Account.Locked)]
    public async Task Page_sign_in_hashes_the_password_once_whoever_is_named(Account account)
    {
        var email = await EmailOfAsync(account);
        var client = _app.CreateClient();
        // The page load is not a sign-in: count from the post on.
        await client.GetAsync("/account/login");
        var before = _app.Verifications;

        var answer = await client.PostSignInFormAsync(email, "Wrong-Password-123");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_app.Verifications - before, Is.EqualTo(1));
    }
}
