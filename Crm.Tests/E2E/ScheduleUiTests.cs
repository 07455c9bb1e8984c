using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>On a phone: a recruiter dates 供地 on a signed project's schedule, then moves the agreement's 开工 date, which needs a reason.</summary>
public sealed class ScheduleUiTests : BrowserTest
{
    [Test]
    public async Task A_recruiter_records_a_milestone_and_moves_a_plan_with_a_reason()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var today = Time.ZoneToday();
        var deal = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.LeadOn = today.AddDays(-40)));
        await gd.MoveAsync(deal, DealStage.Signed, today.AddDays(-30), agreed: 500_000_000, plannedStart: today.AddDays(30), plannedProduction: today.AddDays(200));

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        var panel = Page.Locator("#deal-milestones");
        var land = panel.Locator($"[data-testid=milestone][data-kind={MilestoneKind.LandHandedOver}]");
        await Assertions.Expect(panel.Locator("[data-testid=milestone]")).ToHaveCountAsync(9);
        await Assertions.Expect(panel.Locator("[data-testid=schedule-next]")).ToContainTextAsync("供地");

        // 供地 planned 20 days ago, handed over 10 days ago: 10 days late.
        await land.Locator("[data-testid=milestone-edit]").ClickAsync();
        var form = panel.Locator("[data-testid=milestone-form]");
        await FillDateAsync(form, "milestone-planned-input", today.AddDays(-20));
        await FillDateAsync(form, "milestone-actual-input", today.AddDays(-10));
        await form.Locator("[data-testid=milestone-save]").ClickAsync();
        await Assertions.Expect(land.Locator("[data-testid=milestone-slip]")).ToContainTextAsync("滞后 10 天");
        await Assertions.Expect(panel.Locator("[data-testid=schedule-next]")).ToContainTextAsync("设计审批");

        // Moving the agreement's 开工 date: refused without a reason, saved with one.
        var started = panel.Locator($"[data-testid=milestone][data-kind={MilestoneKind.Started}]");
        await started.Locator("[data-testid=milestone-edit]").ClickAsync();
        await FillDateAsync(form, "milestone-planned-input", today.AddDays(60));
        await form.Locator("[data-testid=milestone-save]").ClickAsync();
        await Assertions.Expect(Page.Locator(".mud-snackbar", new() { HasText = "须说明原因" })).ToBeVisibleAsync();
        var reason = form.Locator("textarea[data-testid=milestone-reason], [data-testid=milestone-reason] textarea").First;
        await reason.FillAsync("供电线路迁改，开工顺延一个月");
        await reason.PressAsync("Tab");
        await ScreenshotAsync("schedule-replan-375");
        await form.Locator("[data-testid=milestone-save]").ClickAsync();

        await Assertions.Expect(started.Locator("[data-testid=milestone-planned]")).ToHaveTextAsync(ZoneDates.Show(today.AddDays(60)));
        var revision = panel.Locator("[data-testid=schedule-revision]");
        await Assertions.Expect(revision).ToHaveCountAsync(1);
        await Assertions.Expect(revision).ToContainTextAsync("供电线路迁改，开工顺延一个月");
        await Assertions.Expect(revision).ToContainTextAsync($"{ZoneDates.Show(today.AddDays(30))} → {ZoneDates.Show(today.AddDays(60))}");
        await panel.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("schedule-replanned-375");
        Assert.That(await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(375), "the page scrolls sideways");

        var stored = await Server.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        Assert.That(stored.PlannedStartOn, Is.EqualTo(today.AddDays(60)));
    }

    private static async Task FillDateAsync(ILocator form, string testId, DateOnly day)
    {
        var input = form.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
        await input.FillAsync(ZoneDates.Show(day));
        await input.PressAsync("Tab");
    }
}
