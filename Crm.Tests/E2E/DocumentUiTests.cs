using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Documents;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>A signed deal's agreement filed on the deal page and downloaded again, on a desk and on a phone.</summary>
public sealed class DocumentUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    [Test]
    public async Task A_recruiter_files_the_signed_agreement_on_the_deal_page_and_downloads_it()
    {
        var (recruiter, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var today = Time.ZoneToday();
        var deal = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.LeadOn = today.AddDays(-20)));
        await gd.MoveAsync(deal, DealStage.Signed, today, agreed: 500_000_000, plannedStart: today.AddDays(30), plannedProduction: today.AddDays(200));
        byte[] pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[256]];

        await SignInAsync(recruiter);
        await GotoAsync($"/deals/{deal.Id}");
        await WaitReadyAsync();
        await Assertions.Expect(Page.Locator("[data-testid=signed-agreement]")).ToContainTextAsync("未归档");

        await Page.Locator("#deal-documents").GetByText("已签投资协议").ClickAsync();
        await Page.Locator("#deal-documents input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "投资协议.pdf",
            MimeType = "application/pdf",
            Buffer = pdf,
        });
        await Assertions.Expect(Page.Locator("[data-testid=document]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-testid=document]")).ToContainTextAsync("投资协议.pdf");
        await Assertions.Expect(Page.Locator("[data-testid=signed-agreement]")).ToContainTextAsync("投资协议.pdf");
        await ScreenshotAsync("agreement-filed-1440");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("[data-testid=document-download]"));
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Multiple(() =>
        {
            Assert.That(download.SuggestedFilename, Is.EqualTo("投资协议.pdf"));
            Assert.That(bytes, Is.EqualTo(pdf));
        });

        await Page.SetViewportSizeAsync(375, 812);
        await Page.Locator("#deal-documents").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("agreement-filed-375");

        var stored = await Server.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.DealId == deal.Id));
        var audits = await Server.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(Document) && a.EntityId == stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(stored.IsSignedAgreement, Is.True);
            Assert.That(stored.Kind, Is.EqualTo(DocumentKind.InvestmentAgreement));
            Assert.That(audits, Is.EqualTo(new[] { AuditActions.Upload, AuditActions.Download }));
        });
    }
}
