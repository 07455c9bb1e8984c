using Crm.Domain.Companies;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>A company registered, edited and given a contact in the browser; another desk's company as another desk sees it.</summary>
public sealed class CompanyUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    [Test]
    public async Task A_recruiter_registers_a_company_edits_it_and_adds_a_contact()
    {
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var name = TestData.Unique("东莞界面食品有限公司");
        var code = TestData.UniqueCreditCode();
        await SignInAsync(recruiter);
        await GotoAsync("/companies");
        await Page.ClickAsync("#company-new");
        await Page.WaitForURLAsync(url => url.EndsWith("/companies/new", StringComparison.Ordinal));
        await WaitReadyAsync();

        // A bad credit code is refused by the shared rule before anything is sent.
        await FillAsync("company-form-name", name);
        await FillAsync("company-form-code", "91350100M000100Y44");
        await Page.ClickAsync("#company-create");
        await Assertions.Expect(Page.Locator(".mud-input-helper-text.mud-input-error").First).ToBeVisibleAsync();
        Assert.That(await Server.WithDbAsync(db => db.Companies.AnyAsync(c => c.Name == name)), Is.False);
        await FillAsync("company-form-code", code.ToLowerInvariant());
        await Page.ClickAsync("#company-create");
        await Page.WaitForURLAsync(url => url.Contains("/companies/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        await WaitReadyAsync();
        await Assertions.Expect(Page.Locator("#company-name")).ToHaveTextAsync(name);
        await Assertions.Expect(Page.Locator("#company-facts")).ToContainTextAsync(code);
        await ScreenshotAsync("created-1440");

        await Page.ClickAsync("#company-edit");
        await Page.ClickAsync("#company-form-tier");
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "上市公司" }).ClickAsync();
        await FillAsync("company-form-website", "https://dg-food.example.com");
        await Page.ClickAsync("#company-save");
        await Assertions.Expect(Page.Locator("#company-edit-panel")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("#company-facts")).ToContainTextAsync("上市公司");
        await Assertions.Expect(Page.Locator("#company-facts")).ToContainTextAsync("https://dg-food.example.com");

        await Page.ClickAsync("#contact-add");
        await FillAsync("contact-name", "陈经理");
        await FillAsync("contact-title", "投资总监");
        await FillAsync("contact-phone", "13800138000");
        await Page.ClickAsync("#contact-save");
        await Assertions.Expect(Page.Locator("[data-test=contact]")).ToContainTextAsync("陈经理");
        await ScreenshotAsync("edited-with-contact-1440");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("edited-with-contact-375");

        var stored = await Server.WithDbAsync(db => db.Companies.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Name == name));
        Assert.Multiple(() =>
        {
            Assert.That(stored.CreditCode, Is.EqualTo(code));
            Assert.That(stored.Tier, Is.EqualTo(CompanyTier.Listed));
            Assert.That(stored.Website, Is.EqualTo("https://dg-food.example.com"));
            Assert.That(stored.Contacts.Select(c => (c.Name, c.Title)), Is.EqualTo(new[] { ("陈经理", (string?)"投资总监") }));
        });
        var audits = await Server.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(Company)
            && a.EntityId == stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(audits, Is.EqualTo(3), "created, edited, contact added");
    }

    [Test]
    public async Task A_company_another_desk_follows_says_so_without_details_and_its_contacts_are_locked()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await gd.CreateDealAsync(companyName: TestData.Unique("汕头他组食品有限公司"));
        await gd.AddContactAsync(deal.CompanyId, "林总");
        var fj = await Server.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);

        await SignInAsync(fj);
        await GotoAsync($"/companies/{deal.CompanyId}");
        await Assertions.Expect(Page.Locator("#company-followed-elsewhere")).ToContainTextAsync("另有小组正在跟进该企业");
        await Assertions.Expect(Page.Locator("#company-followed-elsewhere")).Not.ToContainTextAsync(DeskCodes.Guangdong);
        await Assertions.Expect(Page.Locator("#contacts-locked")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#contact-add")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-test=contact-remove]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByText(deal.Title)).ToHaveCountAsync(0);
        await ScreenshotAsync("followed-elsewhere-1440");
    }
}
