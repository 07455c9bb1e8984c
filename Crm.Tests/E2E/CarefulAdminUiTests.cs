using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>Admin → users: a change of role, desk or lock says what changes and waits for a confirmation.</summary>
public sealed class CarefulAdminUiTests : BrowserTest
{
    [Test]
    public async Task An_advisor_made_recruiter_needs_a_desk_and_the_change_is_confirmed_before_it_is_saved()
    {
        var admin = await Server.CreateUserAsync(Roles.Admin);
        var advisor = await Server.CreateUserAsync(Roles.Advisor);
        await SignInAsync(admin);
        await GotoAsync("/admin/users");

        await Page.ClickAsync($"[data-access='{advisor.Email}']");
        var dialog = Page.Locator("#access-dialog");
        await Page.ClickAsync("#access-role .mud-select");
        await Page.Locator(".mud-popover-open").GetByText("招商专员").ClickAsync();
        // Refused before anything is saved, with the domain's reason; nothing to confirm.
        await Assertions.Expect(Page.Locator("#access-needs-desk")).ToHaveTextAsync("招商专员须属于一个驻点小组。");
        await Assertions.Expect(Page.Locator("#access-confirm")).ToBeDisabledAsync();
        await ScreenshotAsync("recruiter-without-desk");

        await Page.ClickAsync("#access-desk .mud-select");
        await Page.Locator(".mud-popover-open").GetByText("福建驻点招商小组").ClickAsync();
        await Assertions.Expect(Page.Locator("#access-changes")).ToContainTextAsync("招商顾问 → 招商专员");
        await Assertions.Expect(Page.Locator("#access-changes")).ToContainTextAsync("福建驻点招商小组");
        Assert.That(await RoleAsync(advisor), Is.EqualTo((Roles.Advisor, (string?)null)), "nothing is saved before the confirmation");
        await ScreenshotAsync("confirm-access");

        await Page.ClickAsync("#access-confirm");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator($"[data-desk='{advisor.Email}']")).ToContainTextAsync("福建驻点招商小组");
        Assert.That(await RoleAsync(advisor), Is.EqualTo((Roles.Recruiter, (string?)DeskCodes.Fujian)));
    }

    [Test]
    public async Task A_lock_says_what_it_does_and_a_cancel_changes_nothing()
    {
        var admin = await Server.CreateUserAsync(Roles.Admin);
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await SignInAsync(admin);
        await GotoAsync("/admin/users");

        await Page.ClickAsync($"[data-lock='{recruiter.Email}']");
        var box = Page.Locator(".mud-dialog");
        await Assertions.Expect(box).ToContainTextAsync(recruiter.Email);
        await Assertions.Expect(box).ToContainTextAsync("退出登录");
        await ScreenshotAsync("confirm-lock");
        await box.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(box).ToHaveCountAsync(0);
        Assert.That(await LockedAsync(recruiter), Is.False, "cancelled");

        await Page.ClickAsync($"[data-lock='{recruiter.Email}']");
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "锁定" }).ClickAsync();
        await Assertions.Expect(Page.Locator($"[data-unlock='{recruiter.Email}']")).ToBeVisibleAsync();
        Assert.That(await LockedAsync(recruiter), Is.True);
    }

    private async Task<(string Role, string? Desk)> RoleAsync(TestUser user)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<UserService>().GetAsync(user.Id, CancellationToken.None);
        return (found!.Roles.Single(), found.Desk);
    }

    private async Task<bool> LockedAsync(TestUser user)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserService>().GetAsync(user.Id, CancellationToken.None))!.IsLocked;
    }
}

/// <summary>The jobs page on a host that runs its job server: a run now shows its state, then its last run.</summary>
public sealed class RunNowUiTests : BrowserTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" };

    [Test]
    public async Task Run_now_shows_the_runs_state_and_its_last_run_survives_a_reload()
    {
        var admin = await Server.CreateUserAsync(Roles.Admin);
        await SignInAsync(admin);
        await GotoAsync("/admin/jobs");
        var lastState = Page.Locator($"[data-last-state='{JobNames.WeeklyInspection}']");

        await Page.ClickAsync($"[data-run='{JobNames.WeeklyInspection}']");
        await Assertions.Expect(Page.Locator(".mud-snackbar").Last).ToContainTextAsync("成功");
        await Assertions.Expect(lastState).ToHaveTextAsync("成功");
        await ScreenshotAsync("run-finished");

        await Page.ReloadAsync();
        await WaitReadyAsync();
        await Assertions.Expect(lastState).ToHaveTextAsync("成功");
        await Assertions.Expect(Page.Locator($"[data-last-run='{JobNames.WeeklyInspection}']")).Not.ToHaveTextAsync("—");
    }
}
