using System.Net;
using System.Net.Http.Json;
using Crm.Api.Common;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Localization;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Referrals;

/// <summary>The whole life of referrals through the API: submit, duplicate found, accept, decline, duplicate.</summary>
public sealed class ReferralTriageTests
{
    [Test]
    public async Task An_advisor_who_refers_a_company_again_is_told_it_is_their_own_earlier_referral()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (_, a) = await app.SignedInAsync(Roles.Advisor);
        var (_, b) = await app.SignedInAsync(Roles.Advisor);
        a.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        b.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var first = await b.SubmitReferralAsync("天津康师傅");
        var mine = await a.SubmitReferralAsync("天津顶益食品");

        var own = await a.SubmitReferralAsync("顶益食品有限公司");
        var others = await a.SubmitReferralAsync("康师傅控股有限公司");

        Assert.Multiple(() =>
        {
            Assert.That(own.PossibleDuplicateIsOwn, Is.True);
            Assert.That(own.PossibleDuplicate, Is.EqualTo(ReferralNotices.Own(Crm.Domain.Common.ZoneTime.ToZoneDate(mine.CreatedAt), Catalogue.EnglishCulture)));
            Assert.That(others.PossibleDuplicateIsOwn, Is.Null, "another advisor's referral is not called A's");
            Assert.That(others.PossibleDuplicate, Is.EqualTo(ReferralNotices.Known(Catalogue.EnglishCulture)));
            Assert.That(first.PossibleDuplicate, Is.Null);
        });
    }

    [Test]
    public async Task Submit_find_duplicate_accept_decline_and_mark_duplicate()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (recruiterUser, recruiter) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var (managerUser, manager) = await app.SignedInAsync(Roles.Manager);
        var (advisorA, a) = await app.SignedInAsync(Roles.Advisor);
        var (advisorB, b) = await app.SignedInAsync(Roles.Advisor);
        // The notices are asserted in English: the sentence follows the request's language.
        a.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        b.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var today = TestClock.Today;

        // The GD desk already follows 广州黑卡饮料.
        var heika = await recruiter.CreateCompanyAsync("广州黑卡饮料有限公司");
        var heikaDeal = await recruiter.CreateDealAsync(TestData.NewDeal(heika.Id, d => d.Title = "黑卡饮料灌装线项目"));

        // 1. Advisor A refers it again: told only that the zone already knows the company (an outside advisor learns
        // neither the desk that follows it nor since when).
        var late = await a.SubmitReferralAsync("黑卡饮料");
        Assert.That(late.PossibleDuplicate, Is.EqualTo(ReferralNotices.Known(Catalogue.EnglishCulture)));
        Assert.That(late.PossibleDuplicateLevel, Is.EqualTo(DuplicateLevel.Likely));
        Assert.That((late.PossibleDuplicateDesk, late.PossibleDuplicateSince, late.PossibleDuplicateKind, late.PossibleDuplicateIsOwn),
            Is.EqualTo(((string?)null, (DateOnly?)null, (DuplicateKind?)null, (bool?)null)));
        var lateRaw = await a.GetStringAsync($"/api/v1/referrals/{late.Id}");
        Assert.That(lateRaw, Does.Not.Contain("黑卡饮料灌装线项目").And.Not.Contain(recruiterUser.Id).And.Not.Contain("Recruiter")
            .And.Not.Contain("\"GD\""));

        // 2. A first, B second for the same company: B is told it was already referred, never by whom.
        var first = await a.SubmitReferralAsync("天津康师傅");
        Assert.That(first.PossibleDuplicate, Is.Null);
        var second = await b.SubmitReferralAsync("康师傅控股有限公司");
        Assert.That(second.PossibleDuplicate, Is.EqualTo(ReferralNotices.Known(Catalogue.EnglishCulture)));
        Assert.That(second.PossibleDuplicateIsOwn, Is.Null, "B's notice does not call A's referral B's");
        var secondRaw = await b.GetStringAsync($"/api/v1/referrals/{second.Id}");
        Assert.That(secondRaw, Does.Not.Contain(advisorA.Id).And.Not.Contain("天津康师傅"));

        // 3. The Manager's triage shows the earlier referral with the reason; accepting the later one is refused (first come).
        var triage = await manager.GetFromJsonAsync<ReferralTriageDto>($"/api/v1/referrals/{second.Id}/duplicates", CrmApp.Json);
        var match = triage!.Duplicates.Single(m => m.Kind == DuplicateKind.Referral);
        Assert.Multiple(() =>
        {
            Assert.That(match.Id, Is.EqualTo(first.Id));
            Assert.That(match.Reason, Is.EqualTo(DuplicateReason.SameNameApartFromPlace));
            Assert.That(match.AdvisorId, Is.EqualTo(advisorA.Id), "A Manager sees the full match.");
        });
        var refused = await manager.PostAsJsonAsync($"/api/v1/referrals/{second.Id}/accept",
            new AcceptReferralInput { OwnerId = recruiterUser.Id, Desk = "GD", Version = second.Version }, CrmApp.Json);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await refused.ReadAsync<ProblemDetailsBody>()).Rule, Is.EqualTo("referral.alreadyFollowed"));

        // 4. Mark it a duplicate of the earlier referral: B sees the status and a reason without the other party.
        var marked = await manager.PostAsJsonAsync($"/api/v1/referrals/{second.Id}/duplicate",
            new DuplicateReferralInput { ReferralId = first.Id, Version = second.Version }, CrmApp.Json);
        await marked.EnsureSuccessAsync();
        var secondSeen = await b.GetFromJsonAsync<ReferralResponse>($"/api/v1/referrals/{second.Id}", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(secondSeen!.Status, Is.EqualTo(ReferralStatus.Duplicate));
            Assert.That(secondSeen.DecisionReason, Is.Null, "the status says it: no date, no other party");
            Assert.That(secondSeen.DuplicateOfReferralId, Is.Null);
        });

        // 5. Accept the first: a deal at Lead, source Advisor, attributed to A, linked to the referral.
        var stale = await manager.PostAsJsonAsync($"/api/v1/referrals/{first.Id}/accept",
            new AcceptReferralInput { OwnerId = recruiterUser.Id, Desk = "GD", Version = first.Version + 5 }, CrmApp.Json);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var accepted = await manager.PostAsJsonAsync($"/api/v1/referrals/{first.Id}/accept",
            new AcceptReferralInput { OwnerId = recruiterUser.Id, Desk = "GD", Version = first.Version }, CrmApp.Json);
        await accepted.EnsureSuccessAsync();
        var acceptedBody = await accepted.ReadAsync<ReferralResponse>();
        Assert.That(acceptedBody.Status, Is.EqualTo(ReferralStatus.Accepted));
        var deal = await manager.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{acceptedBody.DealId}", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(deal!.Stage, Is.EqualTo(DealStage.Lead));
            Assert.That(deal.Source, Is.EqualTo(DealSource.Advisor));
            Assert.That(deal.AdvisorId, Is.EqualTo(advisorA.Id));
            Assert.That(deal.OwnerId, Is.EqualTo(recruiterUser.Id));
            Assert.That(deal.Desk, Is.EqualTo("GD"));
            Assert.That(deal.CompanyName, Is.EqualTo("天津康师傅"));
            Assert.That(deal.Contacts!.Single().Name, Is.EqualTo("王经理"));
        });
        var again = await manager.PostAsJsonAsync($"/api/v1/referrals/{first.Id}/decline",
            new DeclineReferralInput { Reason = "改主意", Version = acceptedBody.Version }, CrmApp.Json);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "A referral is decided once.");

        // 6. A follows the deal's coarse progress, never its amounts or owner; results count from the stage changes.
        var seen = await a.GetFromJsonAsync<ReferralResponse>($"/api/v1/referrals/{first.Id}", CrmApp.Json);
        Assert.That(seen!.Progress, Is.EqualTo(ReferralProgress.Lead));
        Assert.That(seen.DealId, Is.Null);
        await recruiter.MoveAsync(deal!, DealStage.Signed, today, agreed: 800_000_000, plannedStart: today.AddMonths(1), plannedProduction: today.AddMonths(9));
        var seenRaw = await a.GetStringAsync($"/api/v1/referrals/{first.Id}");
        Assert.That(seenRaw, Does.Contain("\"progress\":\"Signed\"").And.Not.Contain("800000000").And.Not.Contain(recruiterUser.Id));
        var results = await a.GetFromJsonAsync<ReferralResults>("/api/v1/referrals/results", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(results!.Accepted, Is.EqualTo(1));
            Assert.That(results.Signed, Is.EqualTo(1));
            Assert.That(results.Started, Is.EqualTo(0));
            Assert.That(results.Open, Is.EqualTo(1));
        });

        // 7. Duplicate of a deal: the advisor learns only that the zone knows the company, not the desk or the date.
        var dup = await manager.PostAsJsonAsync($"/api/v1/referrals/{late.Id}/duplicate",
            new DuplicateReferralInput { DealId = heikaDeal.Id, Version = late.Version }, CrmApp.Json);
        await dup.EnsureSuccessAsync();
        var lateSeen = await a.GetFromJsonAsync<ReferralResponse>($"/api/v1/referrals/{late.Id}", CrmApp.Json);
        Assert.That(lateSeen!.DecisionReason, Is.Null);
        Assert.That(await a.GetStringAsync($"/api/v1/referrals/{late.Id}"), Does.Not.Contain("GD"));
        var told = await app.WithDbAsync(db => db.Notifications
            .Where(n => n.RecipientId == advisorA.Id && n.PeriodKey == $"Referral:{late.Id}").Select(n => n.Body).SingleAsync());
        Assert.That(told, Does.Not.Contain("GD").And.Not.Contain($"{heikaDeal.LeadOn:yyyy-MM-dd}"));

        // 8. Decline with a reason.
        var other = await b.SubmitReferralAsync("福州某某面包坊");
        var declined = await manager.PostAsJsonAsync($"/api/v1/referrals/{other.Id}/decline",
            new DeclineReferralInput { Reason = "规模太小，不符合园区准入标准", Version = other.Version }, CrmApp.Json);
        await declined.EnsureSuccessAsync();
        var otherSeen = await b.GetFromJsonAsync<ReferralResponse>($"/api/v1/referrals/{other.Id}", CrmApp.Json);
        Assert.That(otherSeen!.Status, Is.EqualTo(ReferralStatus.Declined));
        Assert.That(otherSeen.DecisionReason, Is.EqualTo("规模太小，不符合园区准入标准"));

        // The Manager's queue filters by status and advisor; every create and decision is audited.
        var queue = await manager.GetFromJsonAsync<ReferralPage>($"/api/v1/referrals?status=Declined&advisorId={advisorB.Id}", CrmApp.Json);
        Assert.That(queue!.Items.Select(r => r.Id), Is.EqualTo(new[] { other.Id }));
        var audit = await app.WithDbAsync(db => db.AuditLog.Where(e => e.EntityType == nameof(Referral)).Select(e => e.Action).ToListAsync());
        Assert.That(audit.Count(x => x == AuditActions.Create), Is.EqualTo(4));
        Assert.That(audit, Does.Contain(ReferralAuditActions.Accept).And.Contain(ReferralAuditActions.Decline).And.Contain(ReferralAuditActions.MarkDuplicate));
        var decider = await app.WithDbAsync(db => db.Referrals.Where(r => r.Id == first.Id).Select(r => r.DecidedById).SingleAsync());
        Assert.That(decider, Is.EqualTo(managerUser.Id));
    }

    private sealed record ReferralTriageDto(ReferralResponse Referral, List<DuplicateMatch> Duplicates);
}
