using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Imports;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Imports;

/// <summary>The fixture ledger through the API and the import job, on the demo zone.</summary>
public sealed class LedgerImportTests
{
    private CrmApp _app = null!;
    private TestUser _manager = null!;
    private HttpClient _managerClient = null!;
    private HttpClient _adminClient = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon(), new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        (_manager, _managerClient) = await _app.SignedInAsync(Roles.Manager);
        (_, _adminClient) = await _app.SignedInAsync(Roles.Admin);
        await _app.WithDbAsync(async db =>
        {
            db.Companies.Add(new Company { Name = LedgerFixture.RegisteredCompany, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static MultipartFormDataContent Upload(byte[] file, string name, string? mapping = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping), "mapping");
        }
        return form;
    }

    private async Task<ImportResponse> DryRunAsync(byte[] file, string name)
    {
        var response = await _managerClient.PostAsync("/api/v1/imports?dryRun=true", Upload(file, name));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImportResponse>(CrmApp.Json))!;
    }

    private async Task<ImportResponse> ImportAsync(byte[] file, string name)
    {
        var response = await _managerClient.PostAsync("/api/v1/imports?dryRun=false", Upload(file, name));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var queued = (await response.Content.ReadFromJsonAsync<ImportResponse>(CrmApp.Json))!;
        Assert.That(queued.Status, Is.EqualTo(ImportStatus.Queued));
        // What Hangfire runs, run here: this host has no job server.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ImportJob>().RunAsync(queued.Id, CancellationToken.None);
        }
        return (await _managerClient.GetFromJsonAsync<ImportResponse>($"/api/v1/imports/{queued.Id}", CrmApp.Json))!;
    }

    [Test]
    public async Task Dry_run_of_the_ledger_finds_each_row_new_duplicate_or_invalid_with_its_cell()
    {
        var run = await DryRunAsync(LedgerFixture.Xlsx(), "台账.xlsx");

        Assert.Multiple(() =>
        {
            Assert.That((run.NewRows, run.DuplicateRows, run.InvalidRows), Is.EqualTo((LedgerFixture.New, LedgerFixture.Duplicate, LedgerFixture.Invalid)));
            Assert.That(run.TotalRows, Is.EqualTo(LedgerFixture.Rows.Length), "the merged title row and the header are not rows");
            Assert.That(run.Rows.Select(r => (r.Row, r.Outcome, r.Code, r.Cell)), Is.EqualTo(new (int, ImportOutcome, string?, string?)[]
            {
                (3, ImportOutcome.New, null, null),
                (4, ImportOutcome.New, null, null),
                (5, ImportOutcome.New, null, null),
                (6, ImportOutcome.Duplicate, "import.duplicateDeal", "A6"),
                (7, ImportOutcome.Duplicate, "import.duplicateDeal", "A7"),
                (8, ImportOutcome.Invalid, "import.companyNameRequired", "A8"),
                (9, ImportOutcome.Invalid, "import.dateUnreadable", "F9"),
                (10, ImportOutcome.Invalid, "import.amountOutOfRange", "D10"),
                (11, ImportOutcome.Duplicate, "import.sameCompanyAsRow", "A11"),
                (12, ImportOutcome.New, null, null),
                (13, ImportOutcome.Invalid, "stage.skipsMilestone", "G13"),
            }));
            Assert.That(run.Rows.Single(r => r.Row == 12).CompanyId, Is.Not.Null, "the registered company is found, its deal attaches to it");
            Assert.That(run.Rows.Single(r => r.Row == 9).Message, Does.Contain("2014-13-45"), "the reason reads with its argument");
        });
        var deals = await _app.WithDbAsync(db => db.Deals.CountAsync(d => d.Title == "年产10万吨面粉项目"));
        Assert.That(deals, Is.Zero, "a dry run creates nothing");
    }

    [Test]
    public async Task The_csv_ledger_reads_as_the_workbook_does()
    {
        var xlsx = await DryRunAsync(LedgerFixture.Xlsx(), "台账.xlsx");
        var csv = await DryRunAsync(LedgerFixture.Csv(), "台账.csv");
        Assert.That(csv.Rows.Select(r => (r.Row, r.Outcome, r.Code, r.Cell)), Is.EqualTo(xlsx.Rows.Select(r => (r.Row, r.Outcome, r.Code, r.Cell))));
    }

    [Test]
    public async Task The_mapping_is_suggested_from_the_headers_and_remembered_for_the_layout()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var user = new CurrentUser(_manager.Id, new HashSet<string> { Roles.Manager }, null);
        var ledger = LedgerFixture.Xlsx();
        var preview = ((Crm.Domain.Common.ServiceResult<ImportPreview>.Ok)await imports.PreviewAsync(user, ledger, "a.xlsx", CancellationToken.None)).Value;
        Assert.That(preview.HeaderRow, Is.EqualTo(2));
        Assert.That(preview.Columns.Select(c => c.Field), Is.EqualTo(Enum.GetValues<ImportField>().Cast<ImportField?>()));

        var mapping = preview.Columns.Where(c => c.Field is not null and not ImportField.Phone).ToDictionary(c => c.Header, c => c.Field!.Value);
        await imports.StartAsync(user, ledger, "a.xlsx", mapping, dryRun: true, CancellationToken.None);
        var again = ((Crm.Domain.Common.ServiceResult<ImportPreview>.Ok)await imports.PreviewAsync(user, ledger, "b.xlsx", CancellationToken.None)).Value;
        Assert.That(again.Remembered, Is.True);
        Assert.That(again.Columns.Single(c => c.Header == "电话").Field, Is.Null, "the layout's last mapping, not the suggestion");
        await imports.StartAsync(user, ledger, "a.xlsx", preview.Columns.ToDictionary(c => c.Header, c => c.Field!.Value), dryRun: true, CancellationToken.None);
    }

    [Test]
    public async Task Import_builds_stage_histories_from_the_milestones_counts_in_2014_Q1_and_undo_restores_the_database()
    {
        var before = await SnapshotAsync();
        var done = await ImportAsync(LedgerFixture.Xlsx(), "台账.xlsx");

        Assert.That((done.Status, done.ProcessedRows, done.NewRows, done.DuplicateRows, done.InvalidRows),
            Is.EqualTo((ImportStatus.Done, LedgerFixture.Rows.Length, LedgerFixture.New, LedgerFixture.Duplicate, LedgerFixture.Invalid)));
        var producing = done.Rows.Single(r => r.Row == 3).DealId!.Value;
        var started = done.Rows.Single(r => r.Row == 4).DealId!.Value;
        var (producingDeal, producingHistory) = await DealAsync(producing);
        var (startedDeal, startedHistory) = await DealAsync(started);
        Assert.Multiple(() =>
        {
            Assert.That(producingDeal.Stage, Is.EqualTo(DealStage.Producing));
            Assert.That(producingDeal.AgreedInvestmentYuan, Is.EqualTo(150_000_000L), "15000 万元");
            Assert.That(producingHistory, Is.EqualTo(new (DealStage?, DealStage, DateOnly)[]
            {
                (null, DealStage.Lead, new(2014, 3, 5)),
                (DealStage.Lead, DealStage.Signed, new(2014, 3, 5)),
                (DealStage.Signed, DealStage.Started, new(2014, 9, 1)),
                (DealStage.Started, DealStage.Producing, new(2015, 6, 30)),
            }));
            Assert.That(startedDeal.Stage, Is.EqualTo(DealStage.Started));
            Assert.That(startedDeal.AgreedInvestmentYuan, Is.EqualTo(250_000_000L), "2.5 亿元");
            Assert.That(startedDeal.PlannedProductionOn, Is.EqualTo(new DateOnly(2027, 1, 1)), "a date still ahead is the plan");
            Assert.That(startedDeal.Source, Is.EqualTo(DealSource.HometownAssociation));
            Assert.That(startedHistory, Is.EqualTo(new (DealStage?, DealStage, DateOnly)[]
            {
                (null, DealStage.Lead, new(2014, 3, 20)),
                (DealStage.Lead, DealStage.Signed, new(2014, 3, 20)),
                (DealStage.Signed, DealStage.Started, new(2014, 10, 8)),
            }));
        });

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var manager = new CurrentUser(_manager.Id, new HashSet<string> { Roles.Manager }, null);
            var q1 = ((Crm.Domain.Common.ServiceResult<QuarterReview>.Ok)await reviews.GetAsync(manager, 2014, 1, null, ReviewLists.Signed, CancellationToken.None)).Value;
            var q2 = ((Crm.Domain.Common.ServiceResult<QuarterReview>.Ok)await reviews.GetAsync(manager, 2014, 2, null, ReviewLists.None, CancellationToken.None)).Value;
            Assert.Multiple(() =>
            {
                Assert.That(q1.Flows.Single(f => f.Stage == DealStage.Signed).Deals, Is.EqualTo(2));
                Assert.That(q1.Deals!.Signed.Select(d => d.Id), Is.EquivalentTo(new[] { producing, started }));
                Assert.That(q2.Flows.Single(f => f.Stage == DealStage.Signed).Deals, Is.Zero);
            });
        }

        var recruiter = (await _app.SignedInAsync(Roles.Recruiter, "GD")).Client;
        Assert.That((await recruiter.PostAsync($"/api/v1/imports/{done.Id}/undo", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _managerClient.PostAsync($"/api/v1/imports/{done.Id}/undo", null)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var undo = await _adminClient.PostAsync($"/api/v1/imports/{done.Id}/undo", null);
        Assert.That(undo.StatusCode, Is.EqualTo(HttpStatusCode.OK), await undo.Content.ReadAsStringAsync());
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        var audit = await _app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(LedgerImport) && a.EntityId == done.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(a => a.Action).ToListAsync());
        Assert.That(audit, Is.EquivalentTo(new[] { AuditActions.Create, AuditActions.Undo }));
        var again = await _adminClient.PostAsync($"/api/v1/imports/{done.Id}/undo", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "an import is undone once");
    }

    [Test]
    public async Task The_latest_imports_are_listed_newest_first_without_dry_runs_and_not_to_a_recruiter()
    {
        var dry = await DryRunAsync(LedgerFixture.Xlsx(), "台账.xlsx");
        var response = await _managerClient.PostAsync("/api/v1/imports?dryRun=false", Upload(LedgerFixture.Xlsx(), "台账.xlsx"));
        var queued = (await response.Content.ReadFromJsonAsync<ImportResponse>(CrmApp.Json))!;

        await using var scope = _app.Services.CreateAsyncScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var manager = new CurrentUser(_manager.Id, new HashSet<string> { Roles.Manager }, null);
        var recent = await imports.RecentAsync(manager, 10, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(recent[0], Is.EqualTo(new ImportSummary(queued.Id, queued.FileName, ImportStatus.Queued, LedgerFixture.Rows.Length, 0, 0, 0, 0, queued.CreatedAt)));
            Assert.That(recent.Select(r => r.Id), Does.Not.Contain(dry.Id), "a dry run is no import to come back to");
            Assert.That(recent.Select(r => r.Id), Is.Ordered.Descending);
        });
        var recruiter = new CurrentUser("someone", new HashSet<string> { Roles.Recruiter }, "GD");
        Assert.That(await imports.RecentAsync(recruiter, 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_recruiter_may_not_import()
    {
        var (_, recruiter) = await _app.SignedInAsync(Roles.Recruiter, "GD");
        var response = await recruiter.PostAsync("/api/v1/imports?dryRun=true", Upload(LedgerFixture.Xlsx(), "台账.xlsx"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_file_that_is_no_ledger_is_a_400_naming_the_file()
    {
        var response = await _managerClient.PostAsync("/api/v1/imports", Upload("not a workbook"u8.ToArray(), "ledger.xlsx"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("import.fileUnreadable").And.Contain("\"file\""));
        var pdf = await _managerClient.PostAsync("/api/v1/imports", Upload([1, 2, 3], "ledger.pdf"));
        Assert.That(await pdf.Content.ReadAsStringAsync(), Does.Contain("import.fileType"));
    }

    private async Task<(Deal Deal, List<(DealStage?, DealStage, DateOnly)> History)> DealAsync(int id) =>
        await _app.WithDbAsync(async db =>
        {
            var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == id);
            var history = await db.StageChanges.Where(s => s.DealId == id).OrderBy(s => s.EffectiveOn).ThenBy(s => s.Id)
                .Select(s => new { s.FromStage, s.ToStage, s.EffectiveOn }).ToListAsync();
            return (deal, history.Select(h => (h.FromStage, h.ToStage, h.EffectiveOn)).ToList());
        });

    private Task<string> SnapshotAsync() => _app.WithDbAsync(async db =>
        string.Join(";",
            string.Join(",", await db.Companies.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync()),
            string.Join(",", await db.Deals.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync()),
            string.Join(",", await db.StageChanges.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync()),
            string.Join(",", await db.Contacts.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync())));
}
