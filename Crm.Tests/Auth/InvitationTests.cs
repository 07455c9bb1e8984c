using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Auth;

public sealed class InvitationTests
{
    [Test]
    public async Task An_invited_user_sets_a_password_with_the_token_and_signs_in()
    {
        using var app = new CrmApp();
        var (_, admin) = await app.SignedInAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = "new.recruiter@zone.test", DisplayName = "新招商专员", Role = Roles.Recruiter, Desk = DeskCodes.Beijing }, CrmApp.Json);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var invited = await created.ReadAsync<InvitedUser>();
        Assert.That(invited.InvitationToken, Is.Not.Null.And.Not.Empty);

        var anonymous = app.CreateClient();
        var wrongToken = await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation",
            new { email = "new.recruiter@zone.test", token = "nope", password = "Huaibei-Food-Park-2026" });
        Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var accepted = await anonymous.PostAsJsonAsync("/api/v1/auth/accept-invitation",
            new { email = "new.recruiter@zone.test", token = invited.InvitationToken, password = "Huaibei-Food-Park-2026" });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var token = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = "new.recruiter@zone.test", password = "Huaibei-Food-Park-2026" });
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
