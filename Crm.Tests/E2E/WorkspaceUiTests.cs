using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>Home per role, new deal, the list and its export, admin: at phone width, in Chinese.</summary>
public sealed class WorkspaceUiTests : BrowserTest
{
    private DateOnly Today => Time.ZoneToday();

    [Test]
    public async Task Anonymous_visitors_of_home_are_sent_to_sign_in()
    {
        await Page.GotoAsync("/");
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Assertions.Expect(Page.Locator("#login-submit")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_recruiters_home_lists_overdue_follow_ups_and_a_managers_shows_the_zone()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var overdue = await api.CreateDealAsync(TestData.NewDeal((await api.CreateCompanyAsync("逾期跟进食品有限公司")).Id,
            b => b.NextFollowUpOn = Today.AddDays(-2)));
        await api.MoveAsync(await api.CreateDealAsync(), DealStage.Signed, Today, agreed: 600_000_000,
            plannedStart: Today.AddMonths(1), plannedProduction: Today.AddMonths(6));
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Crm.Domain.Notifications.NotificationWriter>().AddAsync(
                [new Crm.Domain.Notifications.NotificationDraft(recruiter.Id, Crm.Domain.Notifications.NotificationKind.FollowUpDue,
                    Crm.Domain.Notifications.Notification.NoDeal, TestData.Unique("home"), "跟进提醒：逾期跟进食品", "请今天联系企业。")],
                CancellationToken.None);
        }

        await SignInAsync(recruiter);
        await Assertions.Expect(Page.Locator("#my-unread-notifications")).ToContainTextAsync("跟进提醒：逾期跟进食品");
        await Assertions.Expect(Page.Locator("#my-follow-ups")).ToContainTextAsync(overdue.CompanyName);
        await Assertions.Expect(Page.Locator("#my-follow-ups .overdue")).ToHaveCountAsync(1);
        await ScreenshotAsync("recruiter");

        var manager = await Server.CreateUserAsync(Roles.Manager);
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(manager);
        await Assertions.Expect(Page.Locator("#zone-at-a-glance")).ToContainTextAsync("6亿元");
        await ScreenshotAsync("manager");
    }

    [Test]
    public async Task A_recruiter_creates_a_deal_with_a_new_company()
    {
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);
        await SignInAsync(recruiter);
        await GotoAsync("/deals/new");
        await Page.ClickAsync("#new-company-toggle");
        var company = TestData.Unique("福建巧客食品有限公司");
        await FillAsync("new-company-name", company);
        await FillAsync("new-title", "巧客烘焙生产基地");
        await ScreenshotAsync("form");
        await Page.ClickAsync("#new-submit");

        await Assertions.Expect(Page.Locator("#deal-title")).ToContainTextAsync(company);
        await Assertions.Expect(Page.Locator("#deal-stage")).ToHaveTextAsync("线索");
    }

    [Test]
    public async Task The_deal_list_exports_what_it_shows_to_csv()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Beijing);
        var deal = await api.CreateDealAsync(companyName: TestData.Unique("=北京蓝宝食品有限公司"));
        await SignInAsync(recruiter);
        await GotoAsync("/deals");
        await Assertions.Expect(Page.Locator("#deal-grid")).ToContainTextAsync(deal.CompanyName);
        await ScreenshotAsync("list");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#export-csv"));
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", "export.csv");
        await download.SaveAsAsync(path);
        var text = await File.ReadAllTextAsync(path);
        Assert.That(text, Does.Contain("企业"));
        // A name that starts like a formula is exported as text.
        Assert.That(text, Does.Contain("'" + deal.CompanyName));
    }

    [Test]
    public async Task An_admin_invites_a_recruiter()
    {
        var admin = await Server.CreateUserAsync(Roles.Admin);
        await SignInAsync(admin);
        await GotoAsync("/admin/users");
        await Page.ClickAsync("#invite-panel .mud-expand-panel-header");
        var email = TestData.Unique("new.recruiter") + "@zone.test";
        await FillAsync("invite-email", email);
        await FillAsync("invite-name", "新招商专员");
        await Page.ClickAsync("#invite-desk");
        await Page.Locator(".mud-popover-open").GetByText("广东驻点招商小组").ClickAsync();
        await Page.ClickAsync("#invite-submit");
        await Assertions.Expect(Page.Locator("#invitation")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#users-table")).ToContainTextAsync(email);
        await ScreenshotAsync("users");
    }
}
