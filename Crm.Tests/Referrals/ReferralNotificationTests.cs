using System.Net.Http.Json;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

public sealed class DealReferralTests
{
    [Test]
    public async Task A_deal_shows_the_referral_it_came_from_to_those_who_see_the_deal()
    {
        using var app = new CrmApp();
        var advisor = await app.CreateUserAsync(Roles.Advisor, name: "刘德明");
        var advisorClient = await app.ClientForAsync(advisor);
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var gd = await app.CreateUserAsync(Roles.Recruiter, Crm.Domain.Desks.DeskCodes.Guangdong);
        var fj = await app.CreateUserAsync(Roles.Recruiter, Crm.Domain.Desks.DeskCodes.Fujian);
        var referral = await advisorClient.SubmitReferralAsync($"淮北{Guid.NewGuid():N}饮料有限公司");
        var accepted = await manager.PostAsJsonAsync($"/api/v1/referrals/{referral.Id}/accept",
            new { ownerId = gd.Id, desk = "GD", version = referral.Version });
        await accepted.EnsureSuccessAsync();
        var dealId = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.DealId!.Value)));

        await using var scope = app.Services.CreateAsyncScope();
        var referrals = scope.ServiceProvider.GetRequiredService<Crm.Domain.Referrals.ReferralService>();
        var seen = await referrals.ForDealAsync(new CurrentUser(gd.Id, new HashSet<string> { Roles.Recruiter }, "GD"), dealId, CancellationToken.None);
        var hidden = await referrals.ForDealAsync(new CurrentUser(fj.Id, new HashSet<string> { Roles.Recruiter }, "FJ"), dealId, CancellationToken.None);

        Assert.That(seen?.AdvisorName, Is.EqualTo("刘德明"));
        Assert.That(seen?.ContactName, Is.EqualTo("王经理"));
        Assert.That(hidden, Is.Null, "another desk does not see the deal, so not its referral either");
    }
}
