using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Documents;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Documents;

public sealed class DocumentApiTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[64]];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64]];
    private static readonly byte[] Exe = [.. "MZ"u8.ToArray(), 0x90, 0x00, .. new byte[64]];

    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _manager = null!;
    private TestUser _gdUser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon(), new Dictionary<string, string?> { ["Documents:MaxSizeMegabytes"] = "1" });
        (_gdUser, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static DateOnly Today => TestClock.Today;

    private string Folder => Path.Combine(_app.DataFolder, "documents");

    private async Task<DealResponse> GdDealAsync() =>
        await _manager.CreateDealAsync(TestData.NewDeal((await _manager.CreateCompanyAsync()).Id, b =>
        {
            b.Desk = DeskCodes.Guangdong;
            b.OwnerId = _gdUser.Id;
            b.LeadOn = Today.AddDays(-30);
        }));

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, DocumentKind kind = DocumentKind.FeasibilityStudy,
        bool signedAgreement = false, DateOnly? on = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(kind.ToString()), "kind" },
            { new StringContent((on ?? Today).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "on" },
            { new StringContent(signedAgreement ? "true" : "false"), "isSignedAgreement" },
        };
    }

    private static async Task<DocumentResponse> UploadAsync(HttpClient client, int dealId, byte[] bytes, string fileName, DocumentKind kind = DocumentKind.FeasibilityStudy,
        bool signedAgreement = false)
    {
        var response = await client.PostAsync($"/api/v1/deals/{dealId}/documents", Form(bytes, fileName, kind, signedAgreement));
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DocumentResponse>();
    }

    private static async Task<string> RefusalCodeAsync(HttpResponseMessage response, string field)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var body = await response.ReadAsync<JsonObject>();
        return body["codes"]![field]![0]!.GetValue<string>();
    }

    private Task<List<string>> AuditActionsAsync(int documentId) => _app.WithDbAsync(db => db.AuditLog
        .Where(a => a.EntityType == nameof(Document) && a.EntityId == documentId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    [Test]
    public async Task Upload_download_and_delete_are_each_audited_and_the_bytes_come_back_as_stored()
    {
        var deal = await GdDealAsync();

        var document = await UploadAsync(_gd, deal.Id, Pdf, "可行性研究报告.pdf");
        var listed = await _gd.GetFromJsonAsync<List<DocumentResponse>>($"/api/v1/deals/{deal.Id}/documents", CrmApp.Json);
        var download = await _gd.GetAsync($"/api/v1/documents/{document.Id}/content");
        var bytes = await download.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(document.FileName, Is.EqualTo("可行性研究报告.pdf"));
            Assert.That(document.ContentType, Is.EqualTo("application/pdf"));
            Assert.That(document.SizeBytes, Is.EqualTo(Pdf.Length));
            Assert.That(listed!.Select(d => d.Id), Is.EqualTo(new[] { document.Id }));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(bytes, Is.EqualTo(Pdf));
            Assert.That(download.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("可行性研究报告.pdf"));
        });

        var key = await _app.WithDbAsync(db => db.Documents.Where(d => d.Id == document.Id).Select(d => d.StorageKey).SingleAsync());
        Assert.That(File.Exists(Path.Combine(Folder, key)), Is.True);
        var deleted = await _gd.DeleteAsync($"/api/v1/documents/{document.Id}");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _gd.GetAsync($"/api/v1/documents/{document.Id}/content")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await AuditActionsAsync(document.Id), Is.EqualTo(new[] { AuditActions.Upload, AuditActions.Download, AuditActions.Delete }));
        Assert.That(File.Exists(Path.Combine(Folder, key)), Is.False, "the bytes are gone with the row");
    }

    [Test]
    public async Task A_pdf_whose_bytes_are_a_png_is_refused()
    {
        var deal = await GdDealAsync();
        var response = await _gd.PostAsync($"/api/v1/deals/{deal.Id}/documents", Form(Png, "协议.pdf"));
        Assert.That(await RefusalCodeAsync(response, "file"), Is.EqualTo("document.contentMismatch"));
    }

    [Test]
    public async Task An_exe_renamed_pdf_and_an_exe_are_refused()
    {
        var deal = await GdDealAsync();
        var renamed = await _gd.PostAsync($"/api/v1/deals/{deal.Id}/documents", Form(Exe, "setup.pdf"));
        var exe = await _gd.PostAsync($"/api/v1/deals/{deal.Id}/documents", Form(Exe, "setup.exe"));
        Assert.Multiple(async () =>
        {
            Assert.That(await RefusalCodeAsync(renamed, "file"), Is.EqualTo("document.contentMismatch"));
            Assert.That(await RefusalCodeAsync(exe, "file"), Is.EqualTo("document.typeNotAllowed"));
        });
        Assert.That(await _app.WithDbAsync(db => db.Documents.CountAsync(d => d.DealId == deal.Id)), Is.Zero);
    }

    [Test]
    public async Task A_file_over_the_size_limit_is_refused()
    {
        var deal = await GdDealAsync();
        byte[] big = [.. Pdf, .. new byte[1024 * 1024]];
        var response = await _gd.PostAsync($"/api/v1/deals/{deal.Id}/documents", Form(big, "big.pdf"));
        Assert.That(await RefusalCodeAsync(response, "file"), Is.EqualTo("document.tooLarge"));
    }

    [Test]
    public async Task A_path_traversal_name_is_stored_under_a_generated_key_and_shown_by_its_last_segment()
    {
        var deal = await GdDealAsync();
        var document = await UploadAsync(_gd, deal.Id, Pdf, @"..\..\evil.pdf");

        var key = await _app.WithDbAsync(db => db.Documents.Where(d => d.Id == document.Id).Select(d => d.StorageKey).SingleAsync());
        var download = await _gd.GetAsync($"/api/v1/documents/{document.Id}/content");
        Assert.Multiple(() =>
        {
            Assert.That(document.FileName, Is.EqualTo("evil.pdf"));
            Assert.That(DocumentKeys.IsKey(key), Is.True, key);
            Assert.That(File.Exists(Path.Combine(Folder, key)), Is.True);
            Assert.That(Directory.EnumerateFiles(_app.DataFolder, "evil*", SearchOption.AllDirectories), Is.Empty);
            Assert.That(Directory.EnumerateFiles(Path.GetDirectoryName(_app.DataFolder)!, "evil*"), Is.Empty);
            Assert.That(download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo("evil.pdf"));
        });
    }

    [Test]
    public async Task Another_desks_recruiter_gets_404_for_the_list_the_download_and_the_deletion()
    {
        var deal = await GdDealAsync();
        var document = await UploadAsync(_gd, deal.Id, Pdf, "土地合同.pdf", DocumentKind.LandContract);

        var list = await _fj.GetAsync($"/api/v1/deals/{deal.Id}/documents");
        var download = await _fj.GetAsync($"/api/v1/documents/{document.Id}/content");
        var delete = await _fj.DeleteAsync($"/api/v1/documents/{document.Id}");
        var upload = await _fj.PostAsync($"/api/v1/deals/{deal.Id}/documents", Form(Pdf, "x.pdf"));
        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        Assert.That(await AuditActionsAsync(document.Id), Is.EqualTo(new[] { AuditActions.Upload }), "a refused download is no download");
    }

    [Test]
    public async Task Company_documents_are_listed_on_the_company_and_may_not_be_the_signed_agreement()
    {
        var company = await _manager.CreateCompanyAsync();
        var photo = await _gd.PostAsync($"/api/v1/companies/{company.Id}/documents", Form(Png, "考察.png", DocumentKind.SiteVisitPhoto));
        var agreement = await _gd.PostAsync($"/api/v1/companies/{company.Id}/documents", Form(Pdf, "协议.pdf", DocumentKind.InvestmentAgreement, signedAgreement: true));
        var listed = await _fj.GetFromJsonAsync<List<DocumentResponse>>($"/api/v1/companies/{company.Id}/documents", CrmApp.Json);

        Assert.That(photo.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await RefusalCodeAsync(agreement, "isSignedAgreement"), Is.EqualTo("document.agreementOnDealOnly"));
        Assert.That(listed!.Select(d => (d.Kind, d.ContentType)), Is.EqualTo(new[] { (DocumentKind.SiteVisitPhoto, "image/png") }));
    }

    [Test]
    public async Task The_review_drill_row_flags_a_signed_deal_until_its_agreement_is_filed()
    {
        var deal = await GdDealAsync();
        await _gd.MoveAsync(deal, DealStage.Signed, Today, agreed: 500_000_000, plannedStart: Today.AddDays(30), plannedProduction: Today.AddDays(200));

        var before = await DrilledAsync(deal.Id);
        var notTheAgreement = await _gd.PostAsync($"/api/v1/deals/{deal.Id}/documents", Form(Pdf, "补充.pdf", DocumentKind.SupplementaryAgreement, signedAgreement: true));
        await UploadAsync(_gd, deal.Id, Pdf, "投资协议.pdf", DocumentKind.InvestmentAgreement, signedAgreement: true);
        var after = await DrilledAsync(deal.Id);

        Assert.Multiple(async () =>
        {
            Assert.That(before.AgreementMissing, Is.True);
            Assert.That(await RefusalCodeAsync(notTheAgreement, "isSignedAgreement"), Is.EqualTo("document.agreementKind"));
            Assert.That(after.AgreementMissing, Is.False);
        });
    }

    private async Task<ReviewDeal> DrilledAsync(int dealId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var manager = new CurrentUser("documents-manager", new HashSet<string> { Roles.Manager }, null);
        var result = await scope.ServiceProvider.GetRequiredService<ReviewService>()
            .DrillAsync(manager, Today.Year, (Today.Month + 2) / 3, null, new ReviewDrill { List = ReviewDrillList.Signed }, default);
        return result is ServiceResult<IReadOnlyList<ReviewDeal>>.Ok ok ? ok.Value.Single(d => d.Id == dealId) : throw new InvalidOperationException(result.ToString());
    }
}
