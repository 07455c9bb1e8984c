using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Auth;

public sealed class SignInRevocationTests
{
    [Test]
    public async Task A_locked_users_bearer_token_stops_working_within_a_minute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new CrmApp(time);
        var (_, admin) = await app.SignedInAsync(Roles.Admin);
        var (recruiter, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        Assert.That((await client.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        (await admin.PostAsync($"/api/v1/users/{recruiter.Id}/lock", null)).EnsureSuccessStatusCode();
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.That((await client.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_role_change_ends_the_old_token_within_a_minute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new CrmApp(time);
        var (_, admin) = await app.SignedInAsync(Roles.Admin);
        var (manager, client) = await app.SignedInAsync(Roles.Manager);
        Assert.That((await client.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        (await admin.PutAsJsonAsync($"/api/v1/users/{manager.Id}/access", new UserAccessInput { Role = Roles.Advisor }, CrmApp.Json))
            .EnsureSuccessStatusCode();
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.That((await client.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var fresh = await app.ClientForAsync(manager);
        Assert.That((await fresh.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "signed in again, as an advisor");
    }
}
