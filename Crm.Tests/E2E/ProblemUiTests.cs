using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Problems;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>On a phone: a recruiter logs a problem on a signed project's page, and the officer it is assigned to closes it.</summary>
public sealed class ProblemUiTests : BrowserTest
{
    [Test]
    public async Task A_recruiter_logs_a_problem_on_the_deal_page_and_the_assigned_person_closes_it()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        // A colleague on the same desk: the deal page shows a deal to its desk (a person of another desk closes through the API).
        var officer = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong, "帮办专员周敏");
        await Server.WithDbAsync(async db =>
        {
            db.Departments.Add(new Department { Code = "POWER", Name = "供电公司", NameEn = "Power company", SortOrder = 1 });
            await db.SaveChangesAsync();
        });
        var today = Time.ZoneToday();
        var deal = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.LeadOn = today.AddDays(-20)));
        await gd.MoveAsync(deal, DealStage.Signed, today, agreed: 500_000_000, plannedStart: today.AddDays(30), plannedProduction: today.AddDays(200));

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        var panel = Page.Locator("#deal-problems");
        await Assertions.Expect(panel.Locator("[data-testid=problems-none]")).ToBeVisibleAsync();
        await panel.Locator("[data-testid=problem-new]").ClickAsync();

        await panel.Locator("[data-testid=problem-kind]").ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText("用电", new() { Exact = true }).ClickAsync();
        var description = panel.Locator("textarea[data-testid=problem-description-input], [data-testid=problem-description-input] textarea").First;
        await description.FillAsync("厂区双回路供电未落实，影响设备调试");
        await description.PressAsync("Tab");
        await panel.Locator("[data-testid=problem-department]").ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText("供电公司", new() { Exact = true }).ClickAsync();
        await panel.Locator("[data-testid=problem-assignee]").ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText("帮办专员周敏", new() { Exact = true }).ClickAsync();
        await ScreenshotAsync("problem-form-375");
        await panel.Locator("[data-testid=problem-log]").ClickAsync();

        var problem = panel.Locator("[data-testid=problem]");
        await Assertions.Expect(problem).ToHaveCountAsync(1);
        await Assertions.Expect(problem).ToHaveAttributeAsync("data-state", nameof(ProblemState.Open));
        await Assertions.Expect(problem).ToContainTextAsync("供电公司");
        await Assertions.Expect(problem).ToContainTextAsync("帮办专员周敏");
        await Assertions.Expect(problem).ToContainTextAsync(ZoneDates.Show(today.AddDays(7)));
        // The desk logs; the assigned person closes.
        await Assertions.Expect(problem.Locator("[data-testid=problem-close]")).ToHaveCountAsync(0);
        await ScreenshotAsync("problem-logged-375");

        await CloseContextAsync();
        await NewContextAsync();
        await SignInAsync(officer);
        await GotoAsync($"/deals/{deal.Id}");
        panel = Page.Locator("#deal-problems");
        problem = panel.Locator("[data-testid=problem]");
        await problem.Locator("[data-testid=problem-close]").ClickAsync();
        var answer = problem.Locator("textarea[data-testid=problem-answer], [data-testid=problem-answer] textarea").First;
        await answer.FillAsync("供电公司已排期施工，本周五送电");
        await answer.PressAsync("Tab");
        await problem.Locator("[data-testid=problem-close-confirm]").ClickAsync();
        await Assertions.Expect(problem).ToHaveAttributeAsync("data-state", nameof(ProblemState.ClosedInTime));
        await Assertions.Expect(problem).ToContainTextAsync("按期办结");
        await Assertions.Expect(problem).ToContainTextAsync("供电公司已排期施工，本周五送电");
        await panel.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("problem-closed-375");

        var stored = await Server.WithDbAsync(db => db.Problems.AsNoTracking().SingleAsync(p => p.DealId == deal.Id));
        Assert.Multiple(() =>
        {
            Assert.That((stored.Kind, stored.DepartmentCode, stored.AssigneeId, stored.LoggedById), Is.EqualTo((ProblemKind.Power, "POWER", officer.Id, recruiter.Id)));
            Assert.That((stored.ClosedOn, stored.ClosedById, stored.DueOn), Is.EqualTo(((DateOnly?)today, officer.Id, today.AddDays(7))));
        });
    }
}
