using Crm.Domain.Approvals;
using Crm.Domain.Departments;
using Crm.Domain.Desks;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// The Admin keeps the approval checklists (手续清单模板) from their admin page, in Chinese: adds the built-in food-plant
/// template, adds a tenth approval to it, and the list and the database keep it; a recruiter is refused the page.
/// </summary>
public sealed class ApprovalTemplatesUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private static readonly (string Code, string Name, string NameEn)[] Departments =
    [
        ("ECON", "经发局", "Economic bureau"), ("LAND", "国土分局", "Land bureau"), ("PLAN", "规划建设局", "Planning bureau"),
        ("ENV", "环保分局", "Environment bureau"), ("MKT", "市场监管局", "Market regulation"), ("SAFE", "应急管理局", "Emergency management"),
    ];

    [Test]
    public async Task An_admin_adds_the_food_plant_template_and_a_tenth_approval_which_the_page_and_the_database_keep()
    {
        await Server.WithDbAsync(async db =>
        {
            var known = await db.Departments.Select(d => d.Code).ToListAsync();
            db.Departments.AddRange(Departments.Where(d => !known.Contains(d.Code))
                .Select((d, i) => new Department { Code = d.Code, Name = d.Name, NameEn = d.NameEn, SortOrder = i + 1 }));
            await db.SaveChangesAsync();
        });
        var admin = await Server.CreateUserAsync(Roles.Admin);
        await SignInAsync(admin);

        await Page.ClickAsync("#nav-approval-templates");
        await Page.WaitForURLAsync(url => url.EndsWith("/admin/approval-templates", StringComparison.Ordinal));
        await WaitReadyAsync();
        await Page.Locator("[data-testid=approval-template-food-plant]").ClickAsync();
        await Assertions.Expect(Page.Locator(".mud-snackbar", new() { HasText = "已添加内置模板" })).ToBeVisibleAsync();
        // Added once: the button is gone while a template has the built-in name.
        await Assertions.Expect(Page.Locator("[data-testid=approval-template-food-plant]")).ToHaveCountAsync(0);

        var template = Page.Locator("[data-testid=approval-template]", new() { HasText = FoodPlantTemplate.Name });
        var items = template.Locator("[data-testid=approval-template-item]");
        await Assertions.Expect(items).ToHaveCountAsync(9);
        await Assertions.Expect(items.Nth(3)).ToContainTextAsync("环评批复");
        await Assertions.Expect(items.Nth(3)).ToContainTextAsync("环保分局");
        await Assertions.Expect(items.Nth(3)).ToContainTextAsync("开工");
        await Assertions.Expect(template.Locator("[data-testid=approval-template-count]")).ToContainTextAsync("9");
        await ScreenshotAsync("templates-desktop");

        await template.Locator("[data-testid=approval-template-edit]").ClickAsync();
        var form = Page.Locator("[data-testid=approval-template-form]");
        await Assertions.Expect(form.Locator("[data-testid=approval-template-edit-item]")).ToHaveCountAsync(9);
        await form.Locator("[data-testid=approval-template-item-add]").ClickAsync();
        var rows = form.Locator("[data-testid=approval-template-edit-item]");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        var added = rows.Last;
        // An empty approval is refused by the API's validator before anything is saved.
        await form.Locator("[data-testid=approval-template-save]").ClickAsync();
        await Assertions.Expect(added.Locator(".mud-input-error").First).ToBeVisibleAsync();
        await FillInAsync(added, "approval-template-item-name", "安全评价");
        await FillInAsync(added, "approval-template-item-name-en", "Safety assessment");
        await Assertions.Expect(added.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await added.Locator("[data-testid=approval-template-item-department]").ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText("应急管理局", new() { Exact = true }).ClickAsync();
        await added.Locator("[data-testid=approval-template-item-before]").ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText("试生产", new() { Exact = true }).ClickAsync();
        // Moved up one: it goes before 排污许可, the ninth stays the licence.
        await added.Locator("[data-testid=approval-template-item-up]").ClickAsync();
        await Assertions.Expect(rows.Nth(8).Locator("input").First).ToHaveValueAsync("安全评价");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("template-form-375");
        await Page.SetViewportSizeAsync(1440, 900);
        // Back on the desktop width the page lays out again: the button is clicked once it is in view where it rests.
        var save = form.Locator("[data-testid=approval-template-save]");
        await save.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(save).ToBeEnabledAsync();
        await Page.WaitForTimeoutAsync(300);
        await save.ClickAsync();
        await Assertions.Expect(Page.Locator(".mud-snackbar", new() { HasText = "已保存" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=approval-template-error]")).ToHaveCountAsync(0);

        await GotoAsync("/admin/approval-templates");
        template = Page.Locator("[data-testid=approval-template]", new() { HasText = FoodPlantTemplate.Name });
        items = template.Locator("[data-testid=approval-template-item]");
        await Assertions.Expect(items).ToHaveCountAsync(10);
        await Assertions.Expect(items.Nth(8)).ToContainTextAsync("安全评价");
        await Assertions.Expect(items.Nth(8)).ToContainTextAsync("应急管理局");
        await Assertions.Expect(items.Nth(9)).ToContainTextAsync("SC 食品生产许可证");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("templates-375");
        var width = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(375), "nothing forces the phone page wider than the screen");

        var stored = await Server.WithDbAsync(db => db.ApprovalTemplates.AsNoTracking().Include(t => t.Items)
            .SingleAsync(t => t.Name == FoodPlantTemplate.Name));
        var ordered = stored.Items.OrderBy(i => i.SortOrder).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ordered, Has.Count.EqualTo(10));
            Assert.That(ordered.Select(i => i.SortOrder), Is.EqualTo(Enumerable.Range(1, 10)));
            Assert.That((ordered[8].Name, ordered[8].NameEn, ordered[8].DepartmentCode, ordered[8].Before),
                Is.EqualTo(("安全评价", "Safety assessment", "SAFE", MilestoneKind.TrialProduction)));
            Assert.That(ordered[9].Name, Is.EqualTo("SC 食品生产许可证"));
            Assert.That(stored.Version, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task A_recruiter_has_no_link_and_is_refused_the_page()
    {
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await SignInAsync(recruiter);
        await Assertions.Expect(Page.Locator("#nav-approval-templates")).ToHaveCountAsync(0);
        await Page.GotoAsync("/admin/approval-templates");
        await Assertions.Expect(Page.Locator("#not-permitted")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=approval-templates]")).ToHaveCountAsync(0);
        await ScreenshotAsync("recruiter-refused");
    }

    private static async Task FillInAsync(ILocator row, string testId, string value)
    {
        var field = row.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
        await field.FillAsync(value);
        await field.PressAsync("Tab");
    }
}
