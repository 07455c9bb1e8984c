using System.Net;
using Crm.Domain.Auditing;
using Crm.Domain.Data;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Crm.Tests.Reviews;

/// <summary>
/// The review page's export (<c>/reviews/{y}/Q{n}.xlsx</c>) for the browser's cookie sign-in: the API's workbook, the
/// page's scope, audited; the API itself still refuses the cookie.
/// </summary>
public sealed class ReviewExportFromPageTests
{
    private static IReadOnlyList<string> SheetRows(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        return [.. MiniExcel.GetSheetNames(stream).SelectMany(name =>
        {
            stream.Position = 0;
            return MiniExcel.Query(stream, sheetName: name).Cast<IDictionary<string, object>>()
                .Select(row => name + ": " + string.Join(" | ", row.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        })];
    }

    [Test]
    public async Task A_manager_exports_from_the_page_the_workbook_of_the_api_and_the_export_is_audited()
    {
        using var set = await ReviewDataset.BuildAsync();
        var manager = await set.App.CreateUserAsync(Roles.Manager);
        using var browser = await set.App.BrowserSignedInAsync(manager);

        var page = await browser.GetAsync("/reviews/2026/Q1.xlsx");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.Headers.Location?.ToString());
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo(ReviewWorkbook.ContentType));
        var fromPage = await page.Content.ReadAsByteArrayAsync();

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reviews/2026/Q1.xlsx");
        api.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var fromApi = await (await set.Manager.SendAsync(api)).Content.ReadAsByteArrayAsync();
        Assert.That(SheetRows(fromPage), Is.EqualTo(SheetRows(fromApi)), "the page's export is the API's workbook");

        // The cookie opens the page's export, never the bearer-only API.
        Assert.That((await browser.GetAsync("/api/v1/reviews/2026/Q1.xlsx")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        await using var scope = set.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var audited = await db.AuditLog.Where(a => a.UserId == manager.Id && a.Action == AuditActions.Export).ToListAsync();
        Assert.That(audited, Has.Count.EqualTo(1));
        Assert.That(audited[0].After, Does.Contain(Crm.Web.Reviews.ReviewExportEndpoint.Via));
    }

    [Test]
    public async Task A_recruiters_page_export_holds_their_desk_and_another_desk_is_not_found()
    {
        using var set = await ReviewDataset.BuildAsync();
        var recruiter = await set.App.CreateUserAsync(Roles.Recruiter, "GD");
        using var browser = await set.App.BrowserSignedInAsync(recruiter);

        var own = await browser.GetAsync("/reviews/2026/Q1.xlsx");
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reviews/2026/Q1.xlsx?desk=GD");
        api.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var gdFromApi = await (await set.Manager.SendAsync(api)).Content.ReadAsByteArrayAsync();
        Assert.That(SheetRows(await own.Content.ReadAsByteArrayAsync()), Is.EqualTo(SheetRows(gdFromApi)), "the recruiter's export is the GD desk's");

        Assert.That((await browser.GetAsync("/reviews/2026/Q1.xlsx?desk=FJ")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var anonymous = set.App.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That((await anonymous.GetAsync("/reviews/2026/Q1.xlsx")).StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
    }
}
