using Crm.Domain.Auditing;
using Crm.Domain.Desks;
using Crm.Domain.Organizations;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>The Admin keeps the organisations and desks from the admin pages, at phone width, in Chinese.</summary>
public sealed class AdminDesksAndOrganizationsUiTests : BrowserTest
{
    [Test]
    public async Task An_admin_adds_an_organisation_and_renames_a_desk_and_the_lists_show_them()
    {
        var admin = await Server.CreateUserAsync(Roles.Admin);
        var organization = TestData.Unique("潮汕同乡会");
        await SignInAsync(admin);

        await GotoAsync("/admin/organizations");
        await Page.ClickAsync("#org-new");
        // An empty name is refused by the domain validator before anything is saved.
        await Page.ClickAsync("#org-save");
        await Assertions.Expect(Page.Locator("#org-form .mud-input-error").First).ToBeVisibleAsync();
        await FillAsync("org-name", organization);
        await FillAsync("org-notes", "会长姓陈");
        await ScreenshotAsync("organization-form");
        await Page.ClickAsync("#org-save");
        await Assertions.Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("已保存");
        var table = Page.Locator("#organizations-table");
        await Assertions.Expect(table).ToContainTextAsync(organization);
        await Assertions.Expect(table).ToContainTextAsync("老乡会");
        await ScreenshotAsync("organizations");

        await GotoAsync("/admin/desks");
        await Page.ClickAsync($"[data-edit-desk={DeskCodes.Beijing}]");
        await FillAsync("desk-name", "北京招商小组");
        await FillAsync("desk-name-en", "Beijing team");
        await Page.ClickAsync("#desk-save");
        await Assertions.Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("已保存");
        var desks = Page.Locator("#desks-table");
        await Assertions.Expect(desks).ToContainTextAsync("北京招商小组");
        await Assertions.Expect(desks).ToContainTextAsync("Beijing team");
        await Assertions.Expect(desks).Not.ToContainTextAsync("北京驻点招商小组");
        await ScreenshotAsync("desks");

        var audited = await Server.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.UserId == admin.Id && a.EntityType != AuditLogService.SignInEntity).Select(a => a.EntityType + ":" + a.Action).ToListAsync());
        Assert.That(audited, Is.EquivalentTo(new[] { $"{nameof(Organization)}:{AuditActions.Create}", $"{nameof(Desk)}:{AuditActions.Update}" }));
    }
}
