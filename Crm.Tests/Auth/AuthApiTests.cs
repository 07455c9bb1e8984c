using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Deals;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Auth;

public sealed class AuthApiTests
{
    private CrmApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new CrmApp();

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Token_refresh_and_me_work_for_a_signed_in_recruiter()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Beijing, "北京招商专员");
        var client = _app.CreateClient();

        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password })).ReadAsync<JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That(token["accessToken"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(token["refreshToken"]?.GetValue<string>(), Is.Not.Empty);
            Assert.That(token["expiresIn"]?.GetValue<long>(), Is.GreaterThan(0));
        });

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token["refreshToken"]!.GetValue<string>() });
        await refreshed.EnsureSuccessAsync();
        var newToken = await refreshed.ReadAsync<JsonObject>();

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", newToken["accessToken"]!.GetValue<string>());
        var me = await client.GetFromJsonAsync<MeBody>("/api/v1/me", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(me!.Id, Is.EqualTo(user.Id));
            Assert.That(me.Email, Is.EqualTo(user.Email));
            Assert.That(me.DisplayName, Is.EqualTo("北京招商专员"));
            Assert.That(me.Roles, Is.EqualTo(new[] { Roles.Recruiter }));
            Assert.That(me.Desk, Is.EqualTo(DeskCodes.Beijing));
        });
    }

    [Test]
    public async Task Refresh_with_a_forged_token_is_401()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "forged" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Refresh_after_a_lock_is_401()
    {
        var user = await _app.CreateUserAsync(Roles.Manager);
        var token = await (await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password })).ReadAsync<JsonObject>();
        var (_, admin) = await _app.SignedInAsync(Roles.Admin);
        await (await admin.PostAsync($"/api/v1/users/{user.Id}/lock", null)).EnsureSuccessAsync();

        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token["refreshToken"]!.GetValue<string>() });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Wrong_password_unknown_user_and_locked_account_get_the_same_401()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var locked = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
            var lockedUser = await users.FindByIdAsync(locked.Id);
            await users.SetLockoutEndDateAsync(lockedUser!, DateTimeOffset.MaxValue);
        }
        var client = _app.CreateClient();

        var answers = new[]
        {
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "Wrong-Password-123" }),
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody@zone.test", password = "Wrong-Password-123" }),
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email = locked.Email, password = CrmApp.Password }),
        };

        Assert.That(answers.Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.Unauthorized));
        var bodies = new List<string>();
        foreach (var answer in answers)
        {
            var body = await answer.ReadAsync<JsonObject>();
            body.Remove("traceId");
            bodies.Add(body.ToJsonString());
        }
        Assert.That(bodies.Distinct(), Has.Exactly(1).Items, string.Join("\n", bodies));
        Assert.That(answers.Select(a => a.Content.Headers.ContentType?.MediaType).Distinct(), Has.Exactly(1).Items);
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var client = _app.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = $"Wrong-Password-{i}" });
        }
        var beforeFifth = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });
        Assert.That(beforeFifth.StatusCode, Is.EqualTo(HttpStatusCode.OK), "four failures do not lock; a success resets the count");

        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = $"Wrong-Password-{i}" });
        }
        var afterFifth = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });
        Assert.That(afterFifth.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        Assert.That(await users.IsLockedOutAsync((await users.FindByIdAsync(user.Id))!), Is.True);
    }

    [TestCase("", "body")]
    [TestCase("{", "body")]
    [TestCase("{}", "email")]
    [TestCase("{\"email\":\"a@zone.test\"}", "password")]
    [TestCase("{\"email\":5,\"password\":\"x\"}", "email")]
    public async Task Token_with_bad_input_is_400_not_500(string json, string field)
    {
        var response = await _app.CreateClient().PostAsync("/api/v1/auth/token", new StringContent(json, Encoding.UTF8, "application/json"));
        await DealValidationTests.AssertNamesAsync(response, field);
    }

    [TestCase("{}", "refreshToken")]
    [TestCase("{\"refreshToken\":\"\"}", "refreshToken")]
    public async Task Refresh_with_bad_input_is_400_not_500(string json, string field)
    {
        var response = await _app.CreateClient().PostAsync("/api/v1/auth/refresh", new StringContent(json, Encoding.UTF8, "application/json"));
        await DealValidationTests.AssertNamesAsync(response, field);
    }

    [Test]
    public async Task There_is_no_self_registration()
    {
        // Redirects are not followed: a redirect to the sign-in page must not read as "registered".
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var users = await _app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users));
        var body = new { email = "me@zone.test", password = "Some-Long-Password-1" };

        var api = await client.PostAsJsonAsync("/api/v1/register", body);
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "under /api an anonymous caller gets 401, not a sign-in page");
        var identityApi = await client.PostAsJsonAsync("/register", body);
        Assert.That((int)identityApi.StatusCode, Is.Not.InRange(200, 299));
        Assert.That(await _app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users)), Is.EqualTo(users));
    }

    private sealed record MeBody(string Id, string Email, string DisplayName, List<string> Roles, string? Desk, string Language);
}
