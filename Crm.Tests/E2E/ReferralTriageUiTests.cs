using System.Net.Http.Json;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Duplicates;
using Crm.Domain.Localization;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>A referral from the advisor's portal through the manager's triage to a deal, at phone width, in Chinese.</summary>
public sealed class ReferralTriageUiTests : BrowserTest
{
    [Test]
    public async Task An_advisors_referral_is_triaged_with_its_possible_duplicate_and_accepted_into_a_deal()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var known = TestData.Unique("广州黑卡饮料有限公司");
        // The GD desk lost it last year: a strong match the manager should see, yet no desk follows it, so it may be accepted
        // (a followed one is refused: the first desk keeps the company).
        var lost = await gd.CreateDealAsync(companyName: known);
        var status = await gd.PostAsJsonAsync($"/api/v1/deals/{lost.Id}/status",
            new StatusChangeInput { Status = DealStatus.Lost, Reason = "选址去了外省", Version = lost.Version }, CrmApp.Json);
        await status.EnsureSuccessAsync();
        var ownerName = TestData.Unique("福建招商员");
        var owner = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian, ownerName);
        var advisor = await Server.CreateUserAsync(Roles.Advisor);
        var manager = await Server.CreateUserAsync(Roles.Manager);

        // The advisor refers the same company under its full name.
        await SignInAsync(advisor);
        await GotoAsync("/referrals");
        await Assertions.Expect(Page.Locator("#nav-referrals")).ToBeAttachedAsync();
        await FillLabelledAsync("企业名称", known);
        await FillLabelledAsync("联系人", "王经理");
        await FillLabelledAsync("联系电话", "13800138000");
        await Page.ClickAsync("[data-test=submit-referral]");
        await Assertions.Expect(Page.Locator("[data-test=sent]")).ToContainTextAsync("已提交");
        await Assertions.Expect(Page.Locator("[data-test=referral]").Filter(new() { HasText = known })).ToContainTextAsync("已提交");
        await ScreenshotAsync("advisor-submitted");

        // The manager sees it in the queue beside the deal the GD desk already follows, with the reason.
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(manager);
        await GotoAsync("/referrals/triage");
        var card = Page.Locator("[data-test=triage-item]").Filter(new() { HasText = known });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        var duplicate = card.Locator("[data-test=duplicate]").First;
        await Assertions.Expect(duplicate).ToContainTextAsync(known);
        await Assertions.Expect(duplicate).ToContainTextAsync(DeskCodes.Guangdong);
        await Assertions.Expect(duplicate).ToContainTextAsync(Catalogue.Of(DuplicateLevel.Strong, Catalogue.ChineseCulture));
        await Assertions.Expect(duplicate).ToContainTextAsync(Catalogue.Of(DealStatus.Lost, Catalogue.ChineseCulture));
        await Assertions.Expect(duplicate).ToContainTextAsync("名称相同");
        // The candidate opens its deal; "accept" says why it waits.
        await Assertions.Expect(duplicate.Locator("[data-test=duplicate-link]")).ToHaveAttributeAsync("href", $"/deals/{lost.Id}");
        await Assertions.Expect(card.Locator("[data-test=accept]")).ToBeDisabledAsync();
        await Assertions.Expect(card.Locator("[data-test=accept-needs]")).ToHaveTextAsync("采纳前请选择跟进的招商专员及其驻点小组。");
        await ScreenshotAsync("triage");

        await card.Locator(".mud-select").First.ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText(ownerName).ClickAsync();
        await Assertions.Expect(card.Locator("[data-test=accept]")).ToBeEnabledAsync();
        await Assertions.Expect(card.Locator("[data-test=accept-needs]")).ToHaveCountAsync(0);
        await card.Locator("[data-test=accept]").ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("已处理");
        await ScreenshotAsync("accepted");

        var decided = await Server.WithDbAsync(db => db.Referrals.AsNoTracking().Where(r => r.SubmittedById == advisor.Id)
            .Select(r => new { r.Status, r.DealId, DealOwner = r.Deal!.OwnerId, DealDesk = r.Deal.DeskCode }).SingleAsync());
        Assert.Multiple(() =>
        {
            Assert.That(decided.Status, Is.EqualTo(ReferralStatus.Accepted));
            Assert.That(decided.DealId, Is.Not.Null);
            Assert.That(decided.DealOwner, Is.EqualTo(owner.Id));
            Assert.That(decided.DealDesk, Is.EqualTo(DeskCodes.Fujian));
        });

        // The advisor sees the decision.
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(advisor);
        await GotoAsync("/referrals");
        await Assertions.Expect(Page.Locator("[data-test=referral]").Filter(new() { HasText = known })).ToContainTextAsync("已采纳");
        await ScreenshotAsync("advisor-sees-status");
    }

    [Test]
    public async Task After_a_submit_the_form_is_fresh_and_a_failed_submit_shows_only_its_failure()
    {
        var advisor = await Server.CreateUserAsync(Roles.Advisor);
        await SignInAsync(advisor);
        await GotoAsync("/referrals");
        await FillLabelledAsync("企业名称", TestData.Unique("合肥新表单食品有限公司"));
        await FillLabelledAsync("联系人", "王经理");
        await FillLabelledAsync("联系电话", "13800138000");
        await Page.ClickAsync("[data-test=submit-referral]");
        await Assertions.Expect(Page.Locator("[data-test=sent]")).ToBeVisibleAsync();

        // The fresh, empty form carries no red "required" marks from the submit before.
        await Assertions.Expect(Page.GetByLabel("企业名称").First).ToHaveValueAsync("");
        await Assertions.Expect(Page.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByText("必填")).ToHaveCountAsync(0);
        await ScreenshotAsync("fresh-form");

        // Submitting the empty form fails: the earlier success is gone, only the failure shows.
        await Page.ClickAsync("[data-test=submit-referral]");
        await Assertions.Expect(Page.Locator("[data-test=not-sent]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=sent]")).ToHaveCountAsync(0);
        await ScreenshotAsync("failed-after-success");
    }

    [Test]
    public async Task An_advisor_is_told_of_their_own_earlier_referral_and_another_advisor_only_that_the_zone_knows_the_company()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var followed = TestData.Unique("福州跟进中食品有限公司");
        await gd.CreateDealAsync(companyName: followed);
        var first = await Server.CreateUserAsync(Roles.Advisor);
        var second = await Server.CreateUserAsync(Roles.Advisor);

        await SignInAsync(first);
        await GotoAsync("/referrals");
        await SubmitAsync(followed);
        await SubmitAsync(followed);
        // The second time: named as their own earlier referral, with its date.
        await Assertions.Expect(Page.Locator("[data-test=sent-notice]")).ToContainTextAsync("您已于");
        await Assertions.Expect(Page.Locator("[data-test=sent-notice]")).ToContainTextAsync("推荐过该企业");
        await ScreenshotAsync("own-earlier-referral");

        await Page.Context.ClearCookiesAsync();
        await SignInAsync(second);
        await GotoAsync("/referrals");
        await SubmitAsync(followed);
        var notice = Page.Locator("[data-test=sent-notice]");
        await Assertions.Expect(notice).ToContainTextAsync("开发区已掌握该企业");
        await Assertions.Expect(notice).Not.ToContainTextAsync(DeskCodes.Guangdong);
        await Assertions.Expect(notice).Not.ToContainTextAsync("小组");
        await Assertions.Expect(notice).Not.ToContainTextAsync("起");
        await ScreenshotAsync("zone-knows");
    }

    private async Task SubmitAsync(string company)
    {
        await FillLabelledAsync("企业名称", company);
        await FillLabelledAsync("联系人", "王经理");
        await FillLabelledAsync("联系电话", "13800138000");
        await Page.ClickAsync("[data-test=submit-referral]");
        await Assertions.Expect(Page.Locator("[data-test=sent]")).ToBeVisibleAsync();
    }

    /// <summary>The referral form's fields have no ids; their labels are what a person reads.</summary>
    private async Task FillLabelledAsync(string label, string value)
    {
        var field = Page.GetByLabel(label).First;
        await field.FillAsync(value);
        await field.PressAsync("Tab");
    }
}
