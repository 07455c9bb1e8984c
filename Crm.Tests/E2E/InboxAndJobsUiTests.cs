using Crm.Domain.Desks;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>The notifications inbox with the bell's badge, and the Admin jobs page, at phone width, in Chinese.</summary>
public sealed class InboxAndJobsUiTests : BrowserTest
{
    [Test]
    public async Task A_new_notification_shows_on_the_bell_and_in_the_inbox_and_marking_it_read_clears_the_badge()
    {
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var other = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var title = TestData.Unique("跟进提醒：黑卡饮料");
        await NotifyAsync(recruiter, title);
        await NotifyAsync(other, "别人的通知");

        await SignInAsync(recruiter);
        var badge = Page.Locator("#notification-badge");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-unread", "1");
        await ScreenshotAsync("badge");

        await Page.ClickAsync("#notification-bell");
        await Page.WaitForURLAsync(url => url.EndsWith("/notifications", StringComparison.Ordinal));
        await WaitReadyAsync();
        var item = Page.Locator(".notification").Filter(new() { HasText = title });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-unread", "true");
        await Assertions.Expect(Page.Locator("#notification-list")).Not.ToContainTextAsync("别人的通知");
        await ScreenshotAsync("inbox");

        await item.Locator(".mark-read").ClickAsync();
        await Assertions.Expect(item).ToHaveAttributeAsync("data-unread", "false");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-unread", "0");
        await ScreenshotAsync("read");

        // Unread only: nothing left.
        await Page.ClickAsync("#unread-only");
        await Assertions.Expect(Page.Locator("#notifications-empty")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator(".notification")).ToHaveCountAsync(0);

        // No more digest emails; the other kinds stay on.
        await Page.ClickAsync("#email-settings .mud-expand-panel-header");
        var digest = Page.Locator("#email-settings").GetByLabel("每日汇总", new() { Exact = true });
        await Assertions.Expect(digest).ToBeCheckedAsync();
        // SetChecked clicks until the switch reads off: a click while the panel still opens is not lost.
        await digest.SetCheckedAsync(false);
        await Assertions.Expect(digest).Not.ToBeCheckedAsync();
        // The saved setting is the proof; the confirmation snackbar is transient. On a loaded machine a click can land
        // while the panel still settles, so Save is pressed again (as a person would) until the setting is stored.
        var pressed = 0;
        var off = await Wait.UntilAsync(async () =>
        {
            var kinds = await Server.WithDbAsync(db => db.NotificationOptOuts.Where(o => o.UserId == recruiter.Id).Select(o => o.Kind).ToListAsync());
            if (kinds.Count == 0 && pressed++ % 10 == 0)
            {
                await Page.ClickAsync("#save-email-settings");
            }
            return kinds.Count > 0 ? kinds : null;
        }, seconds: 30);
        await ScreenshotAsync("settings");
        Assert.That(off, Is.EqualTo(new[] { NotificationKind.DailyDigest }));
    }

    [Test]
    public async Task An_admin_sees_the_recurring_jobs_and_a_recruiter_is_refused()
    {
        var admin = await Server.CreateUserAsync(Roles.Admin);
        await SignInAsync(admin);
        await Assertions.Expect(Page.Locator("#nav-jobs")).ToBeAttachedAsync();
        await GotoAsync("/admin/jobs");
        var jobs = Page.Locator("#jobs-table");
        await Assertions.Expect(jobs).ToContainTextAsync("follow-up-reminders");
        await Assertions.Expect(jobs).ToContainTextAsync("跟进提醒");
        await Assertions.Expect(jobs).ToContainTextAsync("30 8 * * *");
        await Assertions.Expect(jobs).ToContainTextAsync("email-outbox");
        await Assertions.Expect(Page.Locator("#failed-emails-empty")).ToBeVisibleAsync();
        await ScreenshotAsync("admin");

        await Page.ClickAsync("[data-run=daily-digest]");
        await Assertions.Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("已排队");

        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Beijing);
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(recruiter);
        await Assertions.Expect(Page.Locator("#nav-jobs")).ToHaveCountAsync(0);
        // Refused before any page renders: the sign-in cookie's access-denied page (static, no circuit).
        await Page.GotoAsync("/admin/jobs");
        await Assertions.Expect(Page.Locator("#not-permitted")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#jobs-table")).ToHaveCountAsync(0);
        await ScreenshotAsync("recruiter-refused");
    }

    private async Task NotifyAsync(TestUser user, string title)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<NotificationWriter>();
        await writer.AddAsync([new NotificationDraft(user.Id, NotificationKind.FollowUpDue, Notification.NoDeal, TestData.Unique("e2e"), title, "请今天联系企业。")],
            CancellationToken.None);
    }
}
