using System.Text.RegularExpressions;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Referrals;

/// <summary>The triage page asks the database the same few questions whether 3 or 20 referrals wait.</summary>
public sealed partial class TriageQueueQueryTests
{
    [Test]
    public async Task Triage_page_sends_as_many_sql_commands_for_20_waiting_referrals_as_for_3()
    {
        using var app = new PageApp();
        var (_, advisor) = await app.SignedInAsync(Roles.Advisor);
        var manager = await app.CreateUserAsync(Roles.Manager);
        var (_, recruiter) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var heika = await recruiter.CreateCompanyAsync("广州黑卡饮料有限公司");
        await recruiter.CreateDealAsync(TestData.NewDeal(heika.Id));

        // Each referral has candidates of every kind: the registered company and its deal, and the other referrals.
        await advisor.SubmitReferralAsync("黑卡饮料");
        for (var i = 0; i < 2; i++)
        {
            await advisor.SubmitReferralAsync(TestData.Unique("黑卡饮料分公司"));
        }
        var forThree = await CountAsync(app, manager, expected: 3);

        for (var i = 0; i < 17; i++)
        {
            await advisor.SubmitReferralAsync(TestData.Unique("黑卡饮料分公司"));
        }
        var forTwenty = await CountAsync(app, manager, expected: 20);

        Assert.That(forTwenty, Is.EqualTo(forThree), "one query per referral (or per duplicate lookup) would grow with the queue");
        Assert.That(forThree, Is.LessThanOrEqualTo(12), "the page's whole load: user, desks, owners, queue, duplicates, unread count");
    }

    private static async Task<int> CountAsync(PageApp app, TestUser manager, int expected)
    {
        await app.PageAsync("/referrals/triage", manager); // warm up: the first request compiles the queries
        app.Commands.Reset();
        var html = await app.PageAsync("/referrals/triage", manager);
        var count = app.Commands.Count;
        Assert.That(TriageItem().Count(html), Is.EqualTo(expected), "every waiting referral is on the page");
        Assert.That(html, Does.Contain("data-test=\"duplicate\""), "with its duplicates");
        TestContext.Out.WriteLine($"{expected} referrals: {count} SQL commands");
        return count;
    }

    [GeneratedRegex("data-test=\"triage-item\"")]
    private static partial Regex TriageItem();
}
