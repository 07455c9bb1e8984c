using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Referrals;

public sealed class ReferralConcurrencyTests
{
    [Test]
    public async Task Ten_managers_accepting_one_referral_at_once_create_exactly_one_deal()
    {
        using var app = new CrmApp();
        var (recruiterUser, _) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var (_, advisor) = await app.SignedInAsync(Roles.Advisor);
        var referral = await advisor.SubmitReferralAsync("巧客食品有限公司");
        var managers = new List<HttpClient>();
        for (var i = 0; i < 10; i++)
        {
            managers.Add((await app.SignedInAsync(Roles.Manager)).Client);
        }

        var responses = await Task.WhenAll(managers.Select(m => m.PostAsJsonAsync($"/api/v1/referrals/{referral.Id}/accept",
            new AcceptReferralInput { OwnerId = recruiterUser.Id, Desk = "GD", Version = referral.Version }, CrmApp.Json)));

        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.That(codes.Count(c => c == HttpStatusCode.OK), Is.EqualTo(1), string.Join(", ", codes));
        Assert.That(codes.Where(c => c != HttpStatusCode.OK),
            Is.All.EqualTo(HttpStatusCode.Conflict).Or.EqualTo(HttpStatusCode.UnprocessableEntity));
        var (deals, companies) = await app.WithDbAsync(async db =>
            (await db.Deals.CountAsync(), await db.Companies.CountAsync()));
        Assert.That(deals, Is.EqualTo(1));
        Assert.That(companies, Is.EqualTo(1));
        var stored = await app.WithDbAsync(db => db.Referrals.SingleAsync(r => r.Id == referral.Id));
        Assert.That(stored.Version, Is.EqualTo(referral.Version + 1));
    }
}
