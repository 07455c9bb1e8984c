using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Auth;

/// <summary>A lock or a role change reaches tokens already handed out within a minute (QUALITY.md, sign-in).</summary>
public sealed class OpenSignInTests
{
    [Test]
    public async Task Locked_users_open_token_stops_working_within_a_minute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new CrmApp(time);
        var (user, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, admin) = await app.SignedInAsync(Roles.Admin);
        Assert.That((await client.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await (await admin.PostAsync($"/api/v1/users/{user.Id}/lock", null)).EnsureSuccessAsync();
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.That((await client.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Demoted_users_open_token_loses_the_old_role_within_a_minute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new CrmApp(time);
        var (user, client) = await app.SignedInAsync(Roles.Manager);
        var (_, admin) = await app.SignedInAsync(Roles.Admin);

        var demote = await admin.PutAsJsonAsync($"/api/v1/users/{user.Id}/access", new UserAccessInput { Role = Roles.Advisor }, CrmApp.Json);
        await demote.EnsureSuccessAsync();
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.That((int)(await client.GetAsync("/api/v1/deals")).StatusCode, Is.AnyOf(401, 403));
    }
}
