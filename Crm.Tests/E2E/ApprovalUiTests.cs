using System.Net.Http.Headers;
using Crm.Domain.Approvals;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Desks;
using Crm.Domain.Documents;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// On a phone: a recruiter applies the food-plant checklist to a signed project, sees what blocks its next milestone (供地),
/// checks 立项备案 off with the filed 批复 as its proof, and the blocker goes (docs/decisions/0026-approval-checklists.md).
/// </summary>
public sealed class ApprovalUiTests : BrowserTest
{
    [Test]
    public async Task A_recruiter_applies_the_checklist_and_checks_off_an_approval_with_its_proof_on_a_phone()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await Server.WithDbAsync(async db =>
        {
            db.Departments.AddRange(
                new Department { Code = "ECON", Name = "经发局", NameEn = "Economic development bureau", SortOrder = 1 },
                new Department { Code = "LAND", Name = "国土分局", NameEn = "Land bureau", SortOrder = 2 });
            await db.SaveChangesAsync();
            db.ApprovalTemplates.Add(FoodPlantTemplate.Build(new HashSet<string> { "ECON", "LAND" }, 1));
            await db.SaveChangesAsync();
        });
        var today = Time.ZoneToday();
        var deal = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.LeadOn = today.AddDays(-40)));
        await gd.MoveAsync(deal, DealStage.Signed, today.AddDays(-10), agreed: 300_000_000, plannedStart: today.AddDays(60), plannedProduction: today.AddDays(300));
        var permit = await UploadPermitAsync(gd, deal.Id, "立项备案证明.pdf");

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        var panel = Page.Locator("#deal-approvals");
        await Assertions.Expect(panel.Locator("[data-testid=approvals-none]")).ToBeVisibleAsync();
        // The zone's one template is chosen already.
        await panel.Locator("[data-testid=approval-apply]").ClickAsync();
        await Assertions.Expect(Page.Locator(".mud-snackbar", new() { HasText = "已套用模板" })).ToBeVisibleAsync();

        var rows = panel.Locator("[data-testid=approval-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(FoodPlantTemplate.Items.Count);
        var blocking = panel.Locator("[data-testid=approvals-blocking]");
        await Assertions.Expect(blocking).ToContainTextAsync("供地前仍需办结");
        await Assertions.Expect(blocking).ToContainTextAsync("立项备案");
        await Assertions.Expect(blocking).ToContainTextAsync("用地预审/土地出让合同");
        await Assertions.Expect(blocking).Not.ToContainTextAsync("环评批复");
        var filing = rows.Filter(new() { HasText = "立项备案" });
        await Assertions.Expect(filing).ToHaveAttributeAsync("data-blocking", "true");
        await Assertions.Expect(filing).ToContainTextAsync("经发局");
        await panel.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("approvals-applied-375");

        await filing.Locator("[data-testid=approval-check-off]").ClickAsync();
        var form = panel.Locator("[data-testid=approval-form]");
        // Checking off opens the item as Done on today; the proof is one of the deal's filed documents.
        await Assertions.Expect(form.Locator("input[data-testid=approval-done-input], [data-testid=approval-done-input] input").First)
            .ToHaveValueAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await form.Locator("[data-testid=approval-document-input]").ClickAsync();
        await Page.Locator(".mud-popover-open").GetByText("立项备案证明.pdf", new() { Exact = false }).ClickAsync();
        await ScreenshotAsync("approval-check-off-375");
        await form.Locator("[data-testid=approval-save]").ClickAsync();

        await Assertions.Expect(Page.Locator(".mud-snackbar", new() { HasText = "已保存手续" })).ToBeVisibleAsync();
        await Assertions.Expect(filing).ToHaveAttributeAsync("data-status", nameof(ApprovalStatus.Done));
        await Assertions.Expect(filing).ToHaveAttributeAsync("data-blocking", "false");
        await Assertions.Expect(filing.Locator("[data-testid=approval-status]")).ToHaveTextAsync("已办结");
        await Assertions.Expect(filing.Locator("[data-testid=approval-document]")).ToContainTextAsync("立项备案证明.pdf");
        await Assertions.Expect(blocking).Not.ToContainTextAsync("立项备案");
        await Assertions.Expect(blocking).ToContainTextAsync("用地预审/土地出让合同");
        await Assertions.Expect(form).ToHaveCountAsync(0);
        await filing.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("approval-checked-off-375");

        var stored = await Server.WithDbAsync(db => db.ProjectApprovals.AsNoTracking().SingleAsync(a => a.DealId == deal.Id && a.Name == "立项备案"));
        var entityId = stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audited = await Server.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .CountAsync(e => e.EntityType == nameof(ProjectApproval) && e.EntityId == entityId && e.Action == AuditActions.Update));
        Assert.Multiple(() =>
        {
            Assert.That((stored.Status, stored.DoneOn, stored.DocumentId, stored.Version), Is.EqualTo((ApprovalStatus.Done, (DateOnly?)today, (int?)permit.Id, 2L)));
            Assert.That(audited, Is.EqualTo(1), "checking off is audited once");
        });
    }

    [Test]
    public async Task A_deal_not_yet_signed_has_no_checklist_on_its_page()
    {
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var today = Time.ZoneToday();
        var lead = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.LeadOn = today.AddDays(-5)));
        var (manager, _) = await Server.SignedInAsync(Roles.Manager);

        await SignInAsync(manager);
        await GotoAsync($"/deals/{lead.Id}");
        await Assertions.Expect(Page.Locator("#deal-milestones")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#deal-approvals")).ToHaveCountAsync(0);
    }

    private async Task<DocumentResponse> UploadPermitAsync(HttpClient client, int dealId, string fileName)
    {
        var file = new ByteArrayContent([.. "%PDF-1.7\n"u8.ToArray(), .. new byte[64]]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var form = new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(nameof(DocumentKind.Permit)), "kind" },
            { new StringContent(Time.ZoneToday().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "on" },
            { new StringContent("false"), "isSignedAgreement" },
        };
        var response = await client.PostAsync($"/api/v1/deals/{dealId}/documents", form);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DocumentResponse>();
    }
}
