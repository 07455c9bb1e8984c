using System.Net.Http.Json;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Referrals;

public sealed class ReferralNotificationTests
{
    [Test]
    public async Task A_decision_notifies_the_advisor_once_in_their_language()
    {
        using var app = new CrmApp();
        var advisor = await app.CreateUserAsync(Roles.Advisor);
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.FindAsync(advisor.Id);
            user!.Language = "en";
            await db.SaveChangesAsync();
        });
        var advisorClient = await app.ClientForAsync(advisor);
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var referral = await advisorClient.SubmitReferralAsync("淮北鲜果饮料有限公司");

        (await manager.PostAsJsonAsync($"/api/v1/referrals/{referral.Id}/decline",
            new { reason = "投资规模不符合园区准入标准", version = referral.Version })).EnsureSuccessStatusCode();

        var inbox = await advisorClient.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", CrmApp.Json);
        Assert.That(inbox, Has.Count.EqualTo(1));
        Assert.That(inbox![0].Kind, Is.EqualTo(NotificationKind.ReferralDecided));
        Assert.That(inbox[0].Body, Does.Contain("declined").And.Contain("投资规模不符合园区准入标准"));
        var managerInbox = await manager.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", CrmApp.Json);
        Assert.That(managerInbox, Is.Empty, "only the submitter is told");
    }
}
