using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Referrals;

/// <summary>
/// The referral pages render (server prerender) for the roles they are for, with real data. The browser test of
/// the triage clicks is Playwright's (not here); this catches a page that throws or shows the wrong records.
/// </summary>
public sealed class ReferralPagesTests
{
    [Test]
    public async Task Advisor_portal_shows_own_referrals_and_results_and_the_triage_queue_shows_duplicates()
    {
        using var app = new PageApp();
        var (advisorA, a) = await app.SignedInAsync(Roles.Advisor);
        var (_, b) = await app.SignedInAsync(Roles.Advisor);
        var manager = await app.CreateUserAsync(Roles.Manager);
        var (_, recruiter) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var heika = await recruiter.CreateCompanyAsync("广州黑卡饮料有限公司");
        await recruiter.CreateDealAsync(TestData.NewDeal(heika.Id));
        await a.SubmitReferralAsync("黑卡饮料");
        await b.SubmitReferralAsync("乙顾问的秘密企业");

        var portal = await app.PageAsync("/referrals", advisorA);
        Assert.That(portal, Does.Contain("我的推荐").And.Contain("黑卡饮料").And.Contain("开发区已掌握该企业").And.Not.Contain("GD 小组自").And.Not.Contain("乙顾问的秘密企业"));

        var triage = await app.PageAsync("/referrals/triage", manager);
        Assert.That(triage, Does.Contain("推荐分拣").And.Contain("黑卡饮料").And.Contain("广州黑卡饮料有限公司").And.Contain("乙顾问的秘密企业"));

        var denied = await app.PageResponseAsync("/referrals/triage", advisorA);
        Assert.That((int)denied.StatusCode, Is.EqualTo(403).Or.EqualTo(302));
    }
}
