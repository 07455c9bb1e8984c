using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Deals;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Users;

public sealed class UserAdminApiTests
{
    private CrmApp _app = null!;
    private TestUser _admin = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp();
        (_admin, _client) = await _app.SignedInAsync(Roles.Admin);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Admin_creates_a_recruiter_who_can_sign_in()
    {
        var email = $"{TestData.Unique("zhang")}@zone.test";
        var response = await _client.PostAsJsonAsync("/api/v1/users", new NewUserInput
        {
            Email = email,
            DisplayName = "张三",
            Role = Roles.Recruiter,
            Desk = DeskCodes.Fujian,
            Language = "en",
            Password = "Harbour-Lights-2026",
        }, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await response.ReadAsync<InvitedUser>();
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/users/{created.User.Id}"));
            Assert.That(created.InvitationToken, Is.Null);
            Assert.That(created.User.Roles, Is.EqualTo(new[] { Roles.Recruiter }));
            Assert.That(created.User.Desk, Is.EqualTo(DeskCodes.Fujian));
            Assert.That(created.User.Language, Is.EqualTo("en"));
            Assert.That(created.User.IsLocked, Is.False);
        });
        var token = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Harbour-Lights-2026" });
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await _client.GetFromJsonAsync<List<UserResponse>>("/api/v1/users", CrmApp.Json);
        Assert.That(list!.Select(u => u.Email), Does.Contain(email));
        Assert.That(await AuditAsync(created.User.Id), Is.EqualTo(new[] { AuditActions.Create }));
    }

    [Test]
    public async Task Admin_invites_a_user_without_a_password()
    {
        var email = $"{TestData.Unique("li")}@zone.test";
        var response = await _client.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = email, DisplayName = "李四", Role = Roles.Advisor }, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var invited = await response.ReadAsync<InvitedUser>();
        Assert.That(invited.InvitationToken, Is.Not.Empty);
        Assert.That(invited.User.Desk, Is.Null);
        var signIn = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password = "anything-long-enough" });
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_recruiter_without_a_desk_is_refused_by_the_api_and_by_the_service_the_page_calls()
    {
        var user = await _app.CreateUserAsync(Roles.Advisor);
        var response = await _client.PutAsJsonAsync($"/api/v1/users/{user.Id}/access", new UserAccessInput { Role = Roles.Recruiter }, CrmApp.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("user.recruiterNeedsDesk").And.Contain("desk"));

        // The admin page calls the service itself, without the API's validator: the service refuses as well.
        using var scope = _app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<UserService>();
        var result = await service.SetAccessAsync(CurrentUser.System, user.Id, new UserAccessInput { Role = Roles.Recruiter }, CancellationToken.None);
        Assert.That(result, Is.EqualTo(new Crm.Domain.Common.ServiceResult<UserResponse>.Invalid("desk", "user.recruiterNeedsDesk")));
        Assert.That(await AuditAsync(user.Id), Is.Empty, "nothing written");
    }

    [Test]
    public async Task A_recruiter_created_without_a_desk_is_refused_by_the_service_too()
    {
        var email = TestData.Unique("deskless") + "@zone.test";
        using var scope = _app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<UserService>();
        var result = await service.CreateAsync(CurrentUser.System,
            new NewUserInput { Email = email, DisplayName = "无驻点", Role = Roles.Recruiter }, CancellationToken.None);
        Assert.That(result, Is.EqualTo(new Crm.Domain.Common.ServiceResult<InvitedUser>.Invalid("desk", UserAccess.RecruiterNeedsDesk)));
        Assert.That(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)), Is.False, "nothing written");
    }

    [Test]
    public async Task Admin_sets_role_and_desk()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var response = await _client.PutAsJsonAsync($"/api/v1/users/{user.Id}/access",
            new UserAccessInput { Role = Roles.Manager, Desk = DeskCodes.Guangdong, DisplayName = "王经理" }, CrmApp.Json);

        await response.EnsureSuccessAsync();
        var updated = await response.ReadAsync<UserResponse>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Roles, Is.EqualTo(new[] { Roles.Manager }));
            Assert.That(updated.Desk, Is.Null, "only recruiters belong to a desk");
            Assert.That(updated.DisplayName, Is.EqualTo("王经理"));
        });
        var client = await _app.ClientForAsync(user);
        var me = await client.GetFromJsonAsync<MeBody>("/api/v1/me", CrmApp.Json);
        Assert.That(me!.Roles, Is.EqualTo(new[] { Roles.Manager }));
        Assert.That(await AuditAsync(user.Id), Is.EqualTo(new[] { AuditActions.SetRoles }));
    }

    [Test]
    public async Task Admin_locks_and_unlocks_a_user()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Beijing);

        var locked = await _client.PostAsync($"/api/v1/users/{user.Id}/lock", null);
        await locked.EnsureSuccessAsync();
        Assert.That((await locked.ReadAsync<UserResponse>()).IsLocked, Is.True);
        var refused = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var unlocked = await _client.PostAsync($"/api/v1/users/{user.Id}/unlock", null);
        await unlocked.EnsureSuccessAsync();
        Assert.That((await unlocked.ReadAsync<UserResponse>()).IsLocked, Is.False);
        var accepted = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await AuditAsync(user.Id), Is.EqualTo(new[] { AuditActions.Lock, AuditActions.Unlock }));
    }

    [Test]
    public async Task Admin_cannot_lock_themselves()
    {
        var response = await _client.PostAsync($"/api/v1/users/{_admin.Id}/lock", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task Unknown_user_is_404()
    {
        Assert.That((await _client.PostAsync("/api/v1/users/no-such-id/lock", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var access = await _client.PutAsJsonAsync("/api/v1/users/no-such-id/access", new UserAccessInput { Role = Roles.Manager }, CrmApp.Json);
        Assert.That(access.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("short-pw-1", Description = "under 12 characters")]
    [TestCase("password1234", Description = "common")]
    [TestCase("123456789012", Description = "common")]
    [TestCase("aaaaaaaaaaaa", Description = "common, too few distinct characters")]
    public async Task Weak_passwords_are_refused(string password)
    {
        var email = $"{TestData.Unique("weak")}@zone.test";
        var response = await _client.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = email, DisplayName = "弱密码", Role = Roles.Manager, Password = password }, CrmApp.Json);
        await DealValidationTests.AssertNamesAsync(response, "password");
        Assert.That(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)), Is.False, "nothing written");
    }

    [Test]
    public async Task A_password_containing_the_users_name_is_refused()
    {
        var email = $"{TestData.Unique("zhaoliu")}@zone.test";
        var response = await _client.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = email, DisplayName = "赵六", Role = Roles.Manager, Password = email.Split('@')[0] + "-Secret-99" }, CrmApp.Json);
        await DealValidationTests.AssertNamesAsync(response, "password");
    }

    [TestCase("{\"email\":\"x@zone.test\",\"displayName\":\"x\",\"role\":\"Emperor\"}", "role")]
    [TestCase("{\"email\":\"x@zone.test\",\"displayName\":\"x\",\"role\":\"Recruiter\"}", "desk")]
    [TestCase("{\"email\":\"x@zone.test\",\"displayName\":\"x\",\"role\":\"Recruiter\",\"desk\":\"XX\"}", "desk")]
    [TestCase("{\"email\":\"not-an-email\",\"displayName\":\"x\",\"role\":\"Manager\"}", "email")]
    [TestCase("{\"email\":\"x@zone.test\",\"displayName\":\"\",\"role\":\"Manager\"}", "displayName")]
    [TestCase("{\"email\":\"x@zone.test\",\"displayName\":\"x\",\"role\":\"Manager\",\"language\":\"fr\"}", "language")]
    [TestCase("{}", "email")]
    public async Task Create_with_bad_input_is_400_naming_the_field(string json, string field)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });
        await DealValidationTests.AssertNamesAsync(response, field);
    }

    [Test]
    public async Task Duplicate_email_is_400()
    {
        var existing = await _app.CreateUserAsync(Roles.Manager);
        var response = await _client.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = existing.Email, DisplayName = "重复", Role = Roles.Manager }, CrmApp.Json);
        await DealValidationTests.AssertNamesAsync(response, "email");
    }

    private Task<List<string>> AuditAsync(string userId) => _app.WithDbAsync(db => db.AuditLog.AsNoTracking()
        .Where(a => a.EntityType == "User" && a.EntityId == userId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    private sealed record MeBody(string Id, List<string> Roles, string? Desk);
}
