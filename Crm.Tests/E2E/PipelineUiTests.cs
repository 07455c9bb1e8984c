using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>The recruiter's day in a real browser at phone width, in Chinese.</summary>
public sealed class PipelineUiTests : BrowserTest
{
    private DateOnly Today => Time.ZoneToday();

    [Test]
    public async Task An_illegal_target_is_disabled_with_its_reason_and_the_menu_closes_for_the_dialog()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await api.MoveAsync(await api.CreateDealAsync(), DealStage.Negotiating, Today, estimated: 300_000_000);

        await SignInAsync(recruiter);
        await GotoAsync("/pipeline");
        // Without a mouse: the card's "Move to…" menu (a plain button until it is first opened).
        await Card(deal.Id).Locator(".move-menu").ClickAsync();
        var menu = Page.Locator(".mud-popover-open");
        // Skipping a milestone and, for a recruiter, moving back are not offered; each says why.
        var started = menu.Locator("[data-target-stage='Started']");
        await Expect(started).ToBeDisabledAsync();
        await Expect(started).ToContainTextAsync("不能跳过");
        await Expect(menu.Locator("[data-target-stage='Contacted']")).ToBeDisabledAsync();
        await Expect(menu.Locator("[data-target-stage='Contacted'] .move-refusal")).ToBeVisibleAsync();
        await ScreenshotAsync("illegal-targets");

        await menu.Locator("[data-target-stage='Signed']").ClickAsync();
        await Expect(Page.Locator("#move-dialog")).ToBeVisibleAsync();
        await Expect(Page.Locator(".mud-popover-open [data-target-stage]")).ToHaveCountAsync(0);
        await ScreenshotAsync("dialog-without-menu");
        await Page.ClickAsync("#move-cancel");
        await Expect(Column(DealStage.Negotiating).Locator($"[data-deal='{deal.Id}']")).ToBeVisibleAsync();

        var stored = await api.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(stored!.Stage, Is.EqualTo(DealStage.Negotiating));
    }

    [Test]
    public async Task The_deal_page_moves_a_stage_and_offers_only_legal_ones()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await api.CreateDealAsync();

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        await Page.ClickAsync("#stage-menu button");
        var menu = Page.Locator(".mud-popover-open");
        await Expect(menu.Locator("[data-target-stage='Producing']")).ToBeDisabledAsync();
        await Expect(menu.Locator("[data-target-stage='Producing']")).ToContainTextAsync("不能跳过");
        await menu.Locator("[data-target-stage='Contacted']").ClickAsync();
        await Expect(Page.Locator(".mud-popover-open [data-target-stage]")).ToHaveCountAsync(0);
        await Page.ClickAsync("#move-submit");

        await Expect(Page.Locator("#deal-stage")).ToHaveTextAsync("接洽");
        await ScreenshotAsync("deal-page-moved");
        var stored = await api.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(stored!.Stage, Is.EqualTo(DealStage.Contacted));
    }

    [Test]
    public async Task Logging_a_contact_sets_the_next_follow_up()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var deal = await api.CreateDealAsync();
        var next = Today.AddDays(7);

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        await FillAsync("activity-summary", "与董事长电话沟通，对方下周来区考察。");
        await FillAsync("activity-next", ZoneDates.Show(next));
        await Page.ClickAsync("#activity-save");

        await Expect(Page.Locator("#fact-next-follow-up")).ToHaveTextAsync(ZoneDates.Show(next));
        await Expect(Page.Locator("#deal-activities")).ToContainTextAsync("下周来区考察");
        // The first real contact moves a lead to Contacted.
        await Expect(Page.Locator("#deal-stage")).ToHaveTextAsync("接洽");
        // The emptied form is ready for the next contact, without an error on the field just cleared.
        await Expect(Page.Locator("#activity-summary")).ToHaveValueAsync("");
        await Expect(Page.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(0);
        await ScreenshotAsync("deal");

        var stored = await api.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(stored!.NextFollowUpOn, Is.EqualTo(next));
    }

    [Test]
    public async Task Giving_up_a_deal_needs_a_reason()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await api.CreateDealAsync();

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        await Page.ClickAsync("#status-menu button");
        await Page.Locator(".mud-popover-open [data-status='Lost']").ClickAsync();
        await Page.ClickAsync("#status-submit");
        // Lost needs a reason: the field says so before the rule has to.
        await Expect(Page.Locator("#status-dialog, .mud-dialog").First).ToContainTextAsync("必填");

        await FillAsync("status-reason", "企业决定在外省建厂。");
        await Page.ClickAsync("#status-submit");
        await Expect(Page.Locator("#deal-status")).ToHaveTextAsync("放弃");
        await ScreenshotAsync("lost");
    }

    [Test]
    public async Task A_stale_edit_says_so_and_shows_the_current_values()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Beijing);
        var deal = await api.CreateDealAsync();

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        await Page.ClickAsync("#deal-edit");
        await FillAsync("edit-title", "我的改动");

        // Someone else saves first.
        var theirs = await api.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", UpdateOf(deal, "同事先保存的名称"), CrmApp.Json);
        await theirs.EnsureSuccessAsync();

        await Page.ClickAsync("#edit-save");
        await Expect(Page.Locator("#deal-conflict")).ToBeVisibleAsync();
        await Expect(Page.Locator("#fact-title")).ToHaveTextAsync("同事先保存的名称");
        await ScreenshotAsync("conflict");

        var stored = await api.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(stored!.Title, Is.EqualTo("同事先保存的名称"));
    }

    [Test]
    public async Task A_manager_reassigns_a_deal_to_another_desk_and_owner()
    {
        var (_, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await api.CreateDealAsync();
        var fj = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian, name: "林海峰测试");
        var manager = await Server.CreateUserAsync(Roles.Manager);

        await SignInAsync(manager);
        await GotoAsync($"/deals/{deal.Id}");
        await Page.ClickAsync("#deal-edit");
        await Page.ClickAsync("#edit-desk .mud-select");
        await Page.Locator(".mud-popover-open").GetByText("福建驻点招商小组").ClickAsync();
        await Page.ClickAsync("#edit-owner .mud-select");
        await Page.Locator(".mud-popover-open").GetByText("林海峰测试").ClickAsync();
        await Page.ClickAsync("#edit-save");
        await Expect(Page.Locator("#deal-edit")).ToBeVisibleAsync();
        await ScreenshotAsync("reassigned");

        var stored = await Server.WithDbAsync(db => db.Deals.FindAsync(deal.Id).AsTask());
        Assert.That((stored!.DeskCode, stored.OwnerId), Is.EqualTo((DeskCodes.Fujian, fj.Id)));
    }

    [Test]
    public async Task An_advisor_typing_a_deal_address_gets_the_not_found_page()
    {
        var (_, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await api.CreateDealAsync(companyName: TestData.Unique("机密食品有限公司"));
        var advisor = await Server.CreateUserAsync(Roles.Advisor);

        await SignInAsync(advisor);
        await Expect(Page.Locator("#nav-pipeline")).ToHaveCountAsync(0);
        var response = await Page.GotoAsync($"/deals/{deal.Id}");
        Assert.That(response!.Status, Is.EqualTo(404));
        await WaitReadyAsync();
        await Expect(Page.Locator("#not-found")).ToBeVisibleAsync();
        await Expect(Page.Locator("body")).Not.ToContainTextAsync(deal.CompanyName);
        await ScreenshotAsync("advisor");

        // A page for deal workers only is refused by the server, not merely hidden.
        await Page.GotoAsync("/pipeline");
        await Expect(Page.Locator("#not-permitted")).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_language_switch_changes_the_ui_and_is_remembered()
    {
        var (recruiter, _) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await SignInAsync(recruiter);
        await Expect(Page.Locator("#nav-pipeline")).ToContainTextAsync("项目看板");

        await Page.ClickAsync("#language-menu button");
        await Page.Locator(".mud-popover-open").GetByText("English").ClickAsync();
        await Page.WaitForURLAsync(new Regex("/$"));
        await WaitReadyAsync();
        await Expect(Page.Locator("#nav-pipeline")).ToContainTextAsync("Pipeline");

        await GotoAsync("/pipeline");
        await Expect(Page.Locator(".board-column[data-stage='Signed'] .board-column-head")).ToContainTextAsync("Signed");
        await ScreenshotAsync("english");
    }

    [Test]
    public async Task Signing_out_returns_to_the_sign_in_page()
    {
        var (recruiter, _) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await SignInAsync(recruiter);
        await Page.ClickAsync("#user-menu button");
        await Page.ClickAsync("#sign-out");
        await Page.WaitForURLAsync(new Regex("/account/login"));

        await Page.GotoAsync("/pipeline");
        await Page.WaitForURLAsync(new Regex("/account/login"));
        await Expect(Page.Locator("#login-submit")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_wrong_password_gets_the_same_message_as_a_locked_account()
    {
        var user = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#email", user.Email);
        await Page.FillAsync("#password", "not-the-password");
        await Page.ClickAsync("#login-submit");
        await Expect(Page.Locator("#login-error")).ToBeVisibleAsync();
        var wrong = await Page.Locator("#login-error").InnerTextAsync();
        await ScreenshotAsync("login");

        for (var i = 0; i < 5; i++)
        {
            await Page.FillAsync("#email", user.Email);
            await Page.FillAsync("#password", "still-not-the-password");
            await Page.ClickAsync("#login-submit");
        }
        // Locked now: the right password reads exactly like a wrong one.
        await Page.FillAsync("#email", user.Email);
        await Page.FillAsync("#password", CrmApp.Password);
        await Page.ClickAsync("#login-submit");
        await Expect(Page.Locator("#login-error")).ToHaveTextAsync(wrong);
    }

    private ILocator Column(DealStage stage) => Page.Locator($".board-column[data-stage='{stage}']");

    private ILocator Card(int id) => Page.Locator($".board-card[data-deal='{id}']");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static DealUpdateInput UpdateOf(DealResponse d, string title) => new()
    {
        Version = d.Version,
        Title = title,
        CompanyId = d.CompanyId,
        Source = d.Source,
        Region = d.Region,
        Segment = d.Segment,
        EstimatedInvestmentYuan = d.EstimatedInvestmentYuan,
        NextFollowUpOn = d.NextFollowUpOn,
    };
}
