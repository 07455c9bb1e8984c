using Crm.Domain.Common;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>New deal on a company another desk follows: the notice, then "create anyway", at phone width, in Chinese.</summary>
public sealed class DuplicateNoticeUiTests : BrowserTest
{
    [Test]
    public async Task A_recruiter_registering_a_company_another_desk_follows_is_told_desk_and_date_and_may_create_anyway()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var company = TestData.Unique("广州巧味食品有限公司");
        var followed = await gd.CreateDealAsync(companyName: company);
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);

        await SignInAsync(recruiter);
        await GotoAsync("/deals/new");
        await Page.ClickAsync("#new-company-toggle");
        await FillAsync("new-company-name", company);
        await FillAsync("new-title", "巧味二期");
        await Page.ClickAsync("#new-submit");

        var notice = Page.Locator("#duplicate-notice");
        await Assertions.Expect(notice).ToContainTextAsync("广东");
        await Assertions.Expect(notice).ToContainTextAsync(ZoneDates.Show(Time.ZoneToday()));
        // Desk and date only: not the other deal's title or owner.
        await Assertions.Expect(notice).Not.ToContainTextAsync(followed.Title);
        await ScreenshotAsync("notice");
        Assert.That(await Server.WithDbAsync(db => db.Companies.CountAsync(c => c.Name == company)), Is.EqualTo(1));

        await Page.ClickAsync("#create-anyway");
        await Assertions.Expect(Page.Locator("#deal-title")).ToContainTextAsync(company);
        Assert.That(await Server.WithDbAsync(db => db.Deals.CountAsync(d => d.Company!.Name == company)), Is.EqualTo(2));
    }

    [Test]
    public async Task A_manager_sees_the_full_match()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var company = TestData.Unique("深圳巧芯电子有限公司");
        var followed = await gd.CreateDealAsync(companyName: company);
        var manager = await Server.CreateUserAsync(Roles.Manager);

        await SignInAsync(manager);
        await GotoAsync("/deals/new");
        await Page.ClickAsync("#new-company-toggle");
        await FillAsync("new-company-name", company);
        await FillAsync("new-title", "巧芯封测");
        await Page.ClickAsync("#new-submit");

        var match = Page.Locator("#duplicate-notice [data-test=duplicate-match]").First;
        await Assertions.Expect(match).ToContainTextAsync(company);
        await Assertions.Expect(match).ToContainTextAsync("企业名称相同");
        await Assertions.Expect(match.Locator($"a[href='/deals/{followed.Id}']")).ToBeVisibleAsync();
        await ScreenshotAsync("manager");
    }
}
