using System.Globalization;
using System.Net.Http.Json;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Plans;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// The year's plan in the browser: a manager sets a goal's target and sees target, actual and gap move, a count opens
/// exactly the deals <see cref="AnnualPlanService"/> puts behind it, and a key-project list is created, given a signed
/// deal through the search box, shows what the deal still lacks, loses it and is deleted; a recruiter at 375 px sees
/// only their desk and nothing to edit. 1440 and 375 px, both languages.
/// </summary>
public sealed class AnnualPlanUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private DateOnly Today => ZoneTime.ToZoneDate(Time.GetUtcNow().UtcDateTime);

    private async Task<AnnualPlan> PlanAsync(TestUser user)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var current = new CurrentUser(user.Id, new HashSet<string> { user.Role }, user.Desk);
        var result = await scope.ServiceProvider.GetRequiredService<AnnualPlanService>().GetAsync(current, Today.Year, null, CancellationToken.None);
        return ((ServiceResult<AnnualPlan>.Ok)result).Value;
    }

    private ILocator GoalRow(PlanGoal goal) => Page.Locator($"[data-testid=goal-row][data-goal={goal}]");

    private async Task<IReadOnlyList<int>> ShownIdsAsync()
    {
        var rows = Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]");
        return [.. (await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.dealId)")).Select(int.Parse)];
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Test]
    public async Task A_manager_sets_a_target_opens_a_count_and_keeps_a_key_project_list()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        // Two 3亿 signings: they count in "about 3亿" (2.5亿 up to 5亿).
        var gdDeal = await gd.SignedOnAsync(DeskCodes.Guangdong, "年度计划签约项目", Today);
        var fjDeal = await fj.SignedOnAsync(DeskCodes.Fujian, "年度计划福建项目", Today);
        var manager = await Server.CreateUserAsync(Roles.Manager);

        await SignInAsync(manager);
        await GotoAsync("/reviews/plan");
        await Assertions.Expect(Page.Locator("[data-testid=plan-goals]")).ToBeVisibleAsync();

        // The target: actual + 3 leaves a gap of 3.
        var before = (await PlanAsync(manager)).Goals.Single(g => g.Goal == PlanGoal.AboutThreeHundredMillion);
        Assert.That(before.Deals.Select(d => d.Id), Is.SupersetOf(new[] { gdDeal.Id, fjDeal.Id }), "both signings are about 3亿");
        var target = before.Actual + 3;
        var row = GoalRow(PlanGoal.AboutThreeHundredMillion);
        await Assertions.Expect(row.Locator("[data-testid=goal-actual]")).ToHaveTextAsync(Count(before.Actual));
        await Page.ClickAsync("[data-testid=plan-set-targets]");
        var field = Page.Locator($"[data-testid=target-{PlanGoal.AboutThreeHundredMillion}] input, input[data-testid=target-{PlanGoal.AboutThreeHundredMillion}]").First;
        await field.FillAsync(Count(target));
        await field.PressAsync("Tab");
        await Page.ClickAsync("[data-testid=plan-save-targets]");
        await Assertions.Expect(row.Locator("[data-testid=goal-target]")).ToHaveTextAsync(Count(target));
        await Assertions.Expect(row.Locator("[data-testid=goal-gap]")).ToHaveTextAsync("3");
        var after = (await PlanAsync(manager)).Goals.Single(g => g.Goal == PlanGoal.AboutThreeHundredMillion);
        Assert.That((after.Target, after.Gap), Is.EqualTo(((int?)target, (int?)3)), "the target is stored");

        // The count opens exactly the deals behind it; the Guangdong column only that desk's.
        await row.Locator("[data-testid=goal-actual]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]")).ToHaveCountAsync(after.Deals.Count);
        Assert.That(await ShownIdsAsync(), Is.EquivalentTo(after.Deals.Select(d => d.Id)), "the count opens exactly the plan's deals");
        await ScreenshotAsync("drill-1440-zh");
        await Page.ClickAsync("[data-testid=drill-close]");
        await Assertions.Expect(Page.Locator("[data-testid=drill-list]")).ToHaveCountAsync(0);
        var gdExpected = after.DealsOf(DeskCodes.Guangdong).Select(d => d.Id).ToList();
        Assert.That(gdExpected, Does.Contain(gdDeal.Id).And.Not.Contain(fjDeal.Id));
        await row.Locator($"[data-testid=goal-desk][data-desk={DeskCodes.Guangdong}]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]")).ToHaveCountAsync(gdExpected.Count);
        Assert.That(await ShownIdsAsync(), Is.EquivalentTo(gdExpected), "the desk's count opens only its deals");
        await Page.ClickAsync("[data-testid=drill-close]");

        // A key-project list of deals to produce this year.
        var name = TestData.Unique("年度投产项目");
        await Page.ClickAsync("[data-testid=plan-new-list]");
        await Page.Locator("[data-testid=plan-list-name] input, input[data-testid=plan-list-name]").First.FillAsync(name);
        await Page.ClickAsync("[data-testid=plan-list-aim]");
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "投产" }).ClickAsync();
        await Page.ClickAsync("[data-testid=plan-list-create]");
        var list = Page.Locator("[data-testid=key-list]").Filter(new() { Has = Page.Locator("[data-testid=key-list-name]", new() { HasText = name }) });
        await Assertions.Expect(list).ToHaveCountAsync(1);

        // The signed deal, found by part of its title.
        var search = list.Locator("[data-testid=key-list-add] input, input[data-testid=key-list-add]").First;
        // Key by key, as a person types: each keystroke after the first must search too (the host's timers must run).
        await search.PressSequentiallyAsync(gdDeal.Title[2..], new() { Delay = 50 });
        var option = Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = gdDeal.Title });
        await Assertions.Expect(option).ToHaveCountAsync(1);
        await ScreenshotAsync("autocomplete-1440-zh");
        await option.ClickAsync();
        var entry = list.Locator($"[data-testid=key-entry][data-deal-id='{gdDeal.Id}']");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToHaveAttributeAsync("data-reached", "false");
        await Assertions.Expect(entry.Locator("[data-testid=key-entry-progress]")).ToHaveTextAsync("尚缺：开工、投产");
        await Assertions.Expect(list.Locator("[data-testid=key-list-summary]")).ToContainTextAsync("0");
        await ScreenshotAsync("plan-1440-zh");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("plan-375-zh");
        await Page.SetViewportSizeAsync(1440, 900);

        await entry.Locator("[data-testid=key-entry-remove]").ClickAsync();
        await Assertions.Expect(entry).ToHaveCountAsync(0);
        var listId = int.Parse((await list.GetAttributeAsync("data-list-id"))!, CultureInfo.InvariantCulture);
        Assert.That(await Server.WithDbAsync(db => db.KeyProjectEntries.CountAsync(e => e.ListId == listId)), Is.Zero, "the entry is gone");

        await list.Locator("[data-testid=key-list-delete]").ClickAsync();
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "删除清单" }).ClickAsync();
        await Assertions.Expect(list).ToHaveCountAsync(0);
        Assert.That(await Server.WithDbAsync(db => db.KeyProjectLists.CountAsync(l => l.Id == listId)), Is.Zero, "the list is deleted");
    }

    [Test]
    public async Task A_recruiter_on_a_phone_sees_only_their_desk_and_nothing_to_edit_in_english()
    {
        await Page.SetViewportSizeAsync(375, 812);
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var own = await gd.SignedOnAsync(DeskCodes.Guangdong, "GD plan", Today);
        var other = await fj.SignedOnAsync(DeskCodes.Fujian, "FJ plan", Today);
        var (_, managerClient) = await Server.SignedInAsync(Roles.Manager);
        var created = await managerClient.PostAsJsonAsync($"/api/v1/plans/{Today.Year}/lists",
            new KeyListInput { Name = TestData.Unique("Reserved"), Aim = KeyListAim.Started, DueOn = new DateOnly(Today.Year, 12, 31) }, CrmApp.Json);
        await created.EnsureSuccessAsync();
        var listId = (await created.ReadAsync<KeyListView>()).Id;
        foreach (var deal in new[] { own, other })
        {
            await (await managerClient.PostAsJsonAsync($"/api/v1/plans/lists/{listId}/deals", new KeyEntryInput { DealId = deal.Id }, CrmApp.Json)).EnsureSuccessAsync();
        }
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await Server.WithDbAsync(db => db.Users.Where(u => u.Id == recruiter.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, "en")));

        await SignInAsync(recruiter);
        await GotoAsync("/reviews/plan");
        await Assertions.Expect(Page.Locator("[data-testid=plan-goals]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=plan-period]")).ToContainTextAsync(DeskCodes.Guangdong);
        await Assertions.Expect(Page.Locator("[data-testid=plan-scope]")).ToHaveCountAsync(0);

        // The desk's figures, as the domain counts them for the recruiter; no per-desk columns.
        var plan = await PlanAsync(recruiter);
        Assert.That(plan.Desk, Is.EqualTo(DeskCodes.Guangdong));
        foreach (var line in plan.Goals)
        {
            await Assertions.Expect(GoalRow(line.Goal).Locator("[data-testid=goal-actual]")).ToHaveTextAsync(Count(line.Actual));
        }
        var about = plan.Goals.Single(g => g.Goal == PlanGoal.AboutThreeHundredMillion);
        Assert.That(about.Deals.Select(d => d.Id), Does.Contain(own.Id).And.Not.Contain(other.Id));
        await Assertions.Expect(Page.Locator("[data-testid=goal-desk]")).ToHaveCountAsync(0);
        await GoalRow(PlanGoal.AboutThreeHundredMillion).Locator("[data-testid=goal-actual]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=drill-list] [data-testid=drill-deal]")).ToHaveCountAsync(about.Deals.Count);
        Assert.That(await ShownIdsAsync(), Is.EquivalentTo(about.Deals.Select(d => d.Id)));
        await Page.ClickAsync("[data-testid=drill-close]");

        // The list holds only the desk's deal; nothing to edit.
        var list = Page.Locator($"[data-testid=key-list][data-list-id='{listId}']");
        await Assertions.Expect(list.Locator("[data-testid=key-entry]")).ToHaveCountAsync(1);
        await Assertions.Expect(list.Locator($"[data-testid=key-entry][data-deal-id='{own.Id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(list.Locator("[data-testid=key-entry-progress]")).ToHaveTextAsync("Still to reach: Started");
        foreach (var control in new[] { "plan-set-targets", "plan-new-list", "key-list-delete", "key-list-add", "key-entry-remove" })
        {
            await Assertions.Expect(Page.Locator($"[data-testid={control}]")).ToHaveCountAsync(0);
        }
        await Assertions.Expect(Page.Locator("[data-testid=plan-goals]")).ToContainTextAsync("Target");
        await ScreenshotAsync("plan-375-en");
        await Page.SetViewportSizeAsync(1440, 900);
        await ScreenshotAsync("plan-1440-en");
    }
}
