using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Referrals;

/// <summary>An advisor sees their own referrals and nothing else, whatever they send.</summary>
public sealed class ReferralIsolationTests
{
    [Test]
    public async Task Advisor_sees_exactly_their_own_50_and_every_route_answers_404_for_the_others()
    {
        using var app = new CrmApp();
        var (advisorA, a) = await app.SignedInAsync(Roles.Advisor);
        var (advisorB, b) = await app.SignedInAsync(Roles.Advisor);
        // Distinct, dissimilar names so that no referral is a duplicate of another.
        var mineA = new List<int>();
        var mineB = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            mineA.Add((await a.SubmitReferralAsync($"甲{i:D2}号食品{Guid.NewGuid():N}")).Id);
            mineB.Add((await b.SubmitReferralAsync($"乙{i:D2}号饮料{Guid.NewGuid():N}")).Id);
        }

        var list = await a.GetFromJsonAsync<ReferralPage>("/api/v1/referrals", CrmApp.Json);
        Assert.That(list!.Items.Select(r => r.Id), Is.EquivalentTo(mineA));
        Assert.That(list.Items.All(r => r.SubmittedById is null && r.DealId is null), "Manager-only fields stay empty for an advisor.");

        var asking = await a.GetFromJsonAsync<ReferralPage>($"/api/v1/referrals?advisorId={advisorB.Id}&pageSize=200", CrmApp.Json);
        Assert.That(asking!.Items.Select(r => r.Id), Is.EquivalentTo(mineA), "advisorId naming another advisor changes nothing.");

        foreach (var id in mineB)
        {
            Assert.That((await a.GetAsync($"/api/v1/referrals/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"referral {id}");
            // Triage is Managers' by policy: the same 403 for every id, the advisor's own included, so it tells nothing.
            var statuses = new[]
            {
                (await a.GetAsync($"/api/v1/referrals/{id}/duplicates")).StatusCode,
                (await a.PostAsJsonAsync($"/api/v1/referrals/{id}/accept", new { ownerId = advisorA.Id, desk = "GD", version = 1 })).StatusCode,
                (await a.PostAsJsonAsync($"/api/v1/referrals/{id}/decline", new { reason = "x", version = 1 })).StatusCode,
                (await a.PostAsJsonAsync($"/api/v1/referrals/{id}/duplicate", new { referralId = mineA[0], version = 1 })).StatusCode,
            };
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Forbidden), $"referral {id}");
        }

        var results = await a.GetFromJsonAsync<ReferralResults>("/api/v1/referrals/results", CrmApp.Json);
        Assert.That(results!.Submitted, Is.EqualTo(50));
        var untouched = await app.WithDbAsync(db => db.Referrals.CountAsync(r => r.Status == ReferralStatus.Submitted && r.DecidedById == null));
        Assert.That(untouched, Is.EqualTo(100));
    }

    [Test]
    public async Task A_body_naming_another_advisor_does_not_change_the_submitter()
    {
        using var app = new CrmApp();
        var (advisorA, a) = await app.SignedInAsync(Roles.Advisor);
        var (advisorB, _) = await app.SignedInAsync(Roles.Advisor);

        var response = await a.PostAsJsonAsync("/api/v1/referrals", new
        {
            companyName = TestData.Unique("冒名食品"),
            contactName = "李总",
            contactEmail = "li@example.com",
            region = "PearlRiverDelta",
            segment = "Dairy",
            advisorId = advisorB.Id,
            submittedById = advisorB.Id,
            status = "Accepted",
            dealId = 1,
        });
        await response.EnsureSuccessAsync();
        var created = await response.ReadAsync<ReferralResponse>();

        var stored = await app.WithDbAsync(db => db.Referrals.SingleAsync(r => r.Id == created.Id));
        Assert.Multiple(() =>
        {
            Assert.That(stored.SubmittedById, Is.EqualTo(advisorA.Id));
            Assert.That(stored.Status, Is.EqualTo(ReferralStatus.Submitted));
            Assert.That(stored.DealId, Is.Null);
        });
    }

    [Test]
    public async Task Recruiters_may_not_use_referrals_and_advisors_may_not_decide()
    {
        using var app = new CrmApp();
        var (_, advisor) = await app.SignedInAsync(Roles.Advisor);
        var (recruiterUser, recruiter) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var own = await advisor.SubmitReferralAsync();

        Assert.That((await recruiter.GetAsync("/api/v1/referrals")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await recruiter.GetAsync($"/api/v1/referrals/{own.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var accept = await advisor.PostAsJsonAsync($"/api/v1/referrals/{own.Id}/accept", new { ownerId = recruiterUser.Id, desk = "GD", version = own.Version });
        Assert.That(accept.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "Deciding on one's own referral is a role denial.");
        Assert.That((await advisor.GetAsync($"/api/v1/referrals/{own.Id}/duplicates")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "Triage is Managers' by policy.");
        Assert.That((await advisor.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Submission_without_phone_or_email_is_400_naming_the_field()
    {
        using var app = new CrmApp();
        var (_, advisor) = await app.SignedInAsync(Roles.Advisor);
        var response = await advisor.PostAsJsonAsync("/api/v1/referrals", new { companyName = "某食品公司", contactName = "张三", creditCode = "123" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(body, Does.Contain("contactPhone").And.Contain("creditCode"));
    }
}
