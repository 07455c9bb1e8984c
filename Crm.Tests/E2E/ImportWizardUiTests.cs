using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Domain.Companies;
using Crm.Domain.Imports;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Imports;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// The ledger import wizard in the browser, on the demo zone (the fixture ledger holds projects of demo companies):
/// upload the fixture workbook through the page's file input, the mapping suggested from its Chinese headers, the dry
/// run's counts and reasons, the import's progress left and found again, an Admin's undo; a phone's 375 px in both
/// languages; a recruiter refused.
/// </summary>
public sealed partial class ImportWizardUiTests : BrowserTest
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crm-import-ui", Guid.NewGuid().ToString("N"));

    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    // No job server: the import waits queued until the test runs its job, as Hangfire would, so each state is seen.
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };

    [OneTimeSetUp]
    public async Task WriteLedgerAsync()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(LedgerPath, LedgerFixture.Xlsx());
        await Server.WithDbAsync(async db =>
        {
            db.Companies.Add(new Company { Name = LedgerFixture.RegisteredCompany, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
    }

    [OneTimeTearDown]
    public void RemoveLedger()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>The fixture ledger as a file on disk, under the name an office gives it.</summary>
    private string LedgerPath => Path.Combine(_folder, "项目台账.xlsx");

    private ILocator Result => Page.Locator("#import-result");

    private ILocator Row(int number) => Page.Locator($"#import-rows tbody tr:has([data-testid=import-row-number][data-row='{number}'])");

    /// <summary>The fixture's row whose signing date no one can read: its number on the sheet and its cell.</summary>
    private static (int Row, string Cell, string Value) UnreadableDate
    {
        get
        {
            var column = Array.IndexOf(LedgerFixture.Headers, "签约时间");
            var index = Array.FindIndex(LedgerFixture.Rows, r => r[column] is "2014-13-45");
            var row = index + 3; // the merged title and the header above the first row
            return (row, $"{(char)('A' + column)}{row}", (string)LedgerFixture.Rows[index][column]!);
        }
    }

    private async Task UploadAsync()
    {
        var input = Page.Locator("[data-testid=import-file] input[type=file], input[type=file][data-testid=import-file]");
        // Blazor's InputFile hears a chosen file only once its script has set the input up, a moment after the page rendered.
        await Assertions.Expect(input).ToHaveJSPropertyAsync("_blazorInputFileNextFileId", 0);
        await input.SetInputFilesAsync(LedgerPath);
        await Assertions.Expect(Page.Locator("#import-file-name")).ToHaveTextAsync(Path.GetFileName(LedgerPath));
        await Assertions.Expect(Page.Locator("#import-mapping")).ToBeVisibleAsync();
    }

    private async Task DryRunAsync()
    {
        await Page.ClickAsync("#import-dry-run");
        await Assertions.Expect(Page.Locator("#import-run")).ToBeVisibleAsync();
    }

    private static string Counts(CultureInfo culture) =>
        Catalogue.Text("Imports.Counts", culture, LedgerFixture.New, LedgerFixture.Duplicate, LedgerFixture.Invalid);

    /// <summary>The page body is no wider than the phone: nothing to scroll sideways.</summary>
    private async Task AssertNoOverflowAsync(string step)
    {
        var width = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(375), $"{step}: the page scrolls sideways");
    }

    private static long ImportId(string url) => long.Parse(ImportUrl().Match(url).Groups["id"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/imports/(?<id>\d+)$")]
    private static partial Regex ImportUrl();

    [Test]
    public async Task A_manager_maps_dry_runs_and_imports_the_ledger_leaves_and_finds_it_done_and_an_admin_undoes_it()
    {
        var zh = Catalogue.ChineseCulture;
        var manager = await Server.CreateUserAsync(Roles.Manager);
        await SignInAsync(manager);
        await Page.ClickAsync("#nav-imports");
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/imports$"));
        await WaitReadyAsync();
        await UploadAsync();

        // Every Chinese header suggests its field, shown by its label.
        var fields = Enum.GetValues<ImportField>();
        Assert.That(LedgerFixture.Headers, Has.Length.EqualTo(fields.Length));
        for (var i = 0; i < fields.Length; i++)
        {
            var column = ((char)('A' + i)).ToString();
            var select = Page.Locator($"[data-testid=import-column][data-column={column}]");
            await Assertions.Expect(select).ToContainTextAsync(LedgerFixture.Headers[i]);
            await Assertions.Expect(select.Locator("input")).ToHaveValueAsync(Catalogue.Of(fields[i], zh));
        }
        await ScreenshotAsync("mapping-1440-zh");

        await DryRunAsync();
        await Assertions.Expect(Page.Locator("#import-counts")).ToHaveTextAsync(Counts(zh));
        await Assertions.Expect(Page.Locator("#import-rows tbody tr")).ToHaveCountAsync(LedgerFixture.Rows.Length);
        var unreadable = Row(UnreadableDate.Row);
        await Assertions.Expect(unreadable.Locator("[data-testid=import-row-cell]")).ToHaveTextAsync(UnreadableDate.Cell);
        await Assertions.Expect(unreadable.Locator("[data-testid=import-row-reason]"))
            .ToHaveTextAsync(Catalogue.Text("Rule.import.dateUnreadable", zh, UnreadableDate.Value));
        await Assertions.Expect(unreadable.Locator("[data-outcome]")).ToHaveTextAsync(Catalogue.Of(ImportOutcome.Invalid, zh));
        await ScreenshotAsync("dry-run-1440-zh");
        var title = LedgerFixture.Rows[0][2] as string;
        Assert.That(await Server.WithDbAsync(db => db.Deals.CountAsync(d => d.Title == title)), Is.Zero, "a dry run creates nothing");

        await Page.ClickAsync("#import-run");
        await Assertions.Expect(Page).ToHaveURLAsync(ImportUrl());
        var id = ImportId(Page.Url);
        await Assertions.Expect(Page.Locator("#import-progress")).ToBeVisibleAsync();
        await Assertions.Expect(Result).ToHaveAttributeAsync("data-status", nameof(ImportStatus.Queued));
        await Assertions.Expect(Result).ToContainTextAsync(Catalogue.Text("Imports.Progress", zh, 0, LedgerFixture.Rows.Length));
        await ScreenshotAsync("queued-1440-zh");

        // The manager goes elsewhere; the job runs meanwhile (what Hangfire runs, run here).
        await Page.ClickAsync("#nav-notifications");
        await Assertions.Expect(Page.Locator("#import-result")).ToHaveCountAsync(0);
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ImportJob>().RunAsync(id, CancellationToken.None);
        }

        // Back through the menu: the wizard starts afresh and lists the import, finished, with its counts.
        await Page.ClickAsync("#nav-imports");
        var recent = Page.Locator($"[data-testid=import-recent][data-import-id='{id}']");
        await Assertions.Expect(recent).ToHaveAttributeAsync("data-status", nameof(ImportStatus.Done));
        await Assertions.Expect(recent).ToContainTextAsync(Counts(zh));
        await Assertions.Expect(Page.Locator("#import-choose")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#import-mapping")).ToHaveCountAsync(0);
        await ScreenshotAsync("recent-1440-zh");
        await recent.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(ImportUrl());
        await Assertions.Expect(Result).ToHaveAttributeAsync("data-status", nameof(ImportStatus.Done));
        await Assertions.Expect(Page.Locator("#import-progress")).ToHaveAttributeAsync("data-processed", LedgerFixture.Rows.Length.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(Result).ToContainTextAsync(Catalogue.Text("Imports.Progress", zh, LedgerFixture.Rows.Length, LedgerFixture.Rows.Length));
        await Assertions.Expect(Page.Locator("#import-counts")).ToHaveTextAsync(Counts(zh));
        await Assertions.Expect(Page.Locator("#import-undo")).ToHaveCountAsync(0);
        await ScreenshotAsync("done-1440-zh");

        var newRows = await Server.WithDbAsync(db => db.LedgerImportRows.Where(r => r.ImportId == id && r.Outcome == ImportOutcome.New)
            .Select(r => new { DealId = r.DealId!.Value, r.Title }).ToListAsync());
        var created = newRows.Select(r => r.DealId).ToList();
        Assert.That(created, Has.Count.EqualTo(LedgerFixture.New));
        Assert.That(await Server.WithDbAsync(db => db.Deals.Where(d => created.Contains(d.Id)).Select(d => d.Title).ToListAsync()),
            Is.EquivalentTo(newRows.Select(r => r.Title)), "each new row's deal exists");

        // An Admin undoes the import as a whole: its deals are gone.
        var admin = await Server.CreateUserAsync(Roles.Admin);
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(admin);
        await GotoAsync($"/imports/{id}");
        await Page.ClickAsync("#import-undo");
        await Assertions.Expect(Result).ToHaveAttributeAsync("data-status", nameof(ImportStatus.Undone));
        await ScreenshotAsync("undone-1440");
        Assert.That(await Server.WithDbAsync(db => db.Deals.CountAsync(d => created.Contains(d.Id))), Is.Zero, "undo removes the import's deals");

        // From the import to the wizard through the menu (the same page, a new address): a fresh start, the import listed as undone.
        await Page.ClickAsync("#nav-imports");
        await Assertions.Expect(Page.Locator($"[data-testid=import-recent][data-import-id='{id}']")).ToHaveAttributeAsync("data-status", nameof(ImportStatus.Undone));
        await Assertions.Expect(Page.Locator("#import-choose")).ToBeVisibleAsync();
        await Assertions.Expect(Result).ToHaveCountAsync(0);
    }

    [TestCase(Catalogue.Chinese)]
    [TestCase(Catalogue.English)]
    public async Task On_a_phone_each_step_of_the_wizard_fits_the_screen(string language)
    {
        var culture = Catalogue.CultureOf(language);
        var manager = await Server.CreateUserAsync(Roles.Manager);
        await Server.WithDbAsync(db => db.Users.Where(u => u.Id == manager.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language)));
        await Page.SetViewportSizeAsync(375, 812);
        await SignInAsync(manager);
        await GotoAsync("/imports");
        await AssertNoOverflowAsync("upload");
        await UploadAsync();
        await Assertions.Expect(Page.Locator("[data-testid=import-column][data-column=A] input"))
            .ToHaveValueAsync(Catalogue.Of(ImportField.CompanyName, culture));
        await AssertNoOverflowAsync("mapping");
        await ScreenshotAsync($"mapping-375-{language}");

        await DryRunAsync();
        await Assertions.Expect(Row(UnreadableDate.Row).Locator("[data-testid=import-row-reason]"))
            .ToHaveTextAsync(Catalogue.Text("Rule.import.dateUnreadable", culture, UnreadableDate.Value));
        await AssertNoOverflowAsync("dry run");
        await ScreenshotAsync($"dry-run-375-{language}");
        await Page.SetViewportSizeAsync(1440, 900);
        await ScreenshotAsync($"dry-run-1440-{language}");
        await Page.SetViewportSizeAsync(375, 812);

        // Queued and never run here (no job server): the progress step, and nothing imported.
        await Page.ClickAsync("#import-run");
        await Assertions.Expect(Page).ToHaveURLAsync(ImportUrl());
        await Assertions.Expect(Page.Locator("#import-progress")).ToBeVisibleAsync();
        await Assertions.Expect(Result).ToContainTextAsync(Catalogue.Of(ImportStatus.Queued, culture));
        await AssertNoOverflowAsync("progress");
        await ScreenshotAsync($"progress-375-{language}");
        await Page.SetViewportSizeAsync(1440, 900);
        await ScreenshotAsync($"progress-1440-{language}");
    }

    [Test]
    public async Task A_recruiter_gets_no_import_page()
    {
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter, Crm.Domain.Desks.DeskCodes.Guangdong);
        await SignInAsync(recruiter);
        await Assertions.Expect(Page.Locator("#nav-imports")).ToHaveCountAsync(0);

        // Refused by the server before the page renders: the sign-in cookie's access-denied page, for the wizard and for an import.
        foreach (var path in new[] { "/imports", "/imports/1" })
        {
            await Page.GotoAsync(path);
            await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/account/denied"));
            await Assertions.Expect(Page.Locator("#not-permitted")).ToBeVisibleAsync();
            await Assertions.Expect(Page.Locator("[data-testid=import-file]")).ToHaveCountAsync(0);
        }
        await ScreenshotAsync("recruiter-refused");
    }
}
