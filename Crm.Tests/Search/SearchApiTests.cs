using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Activities;
using Crm.Domain.Companies;
using Crm.Domain.Desks;
using Crm.Domain.Search;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Search;

/// <summary>GET /api/v1/search: fragments of Chinese and English names, codes, phones, and the caller's scope.</summary>
public abstract class SearchApiTests
{
    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _advisor = null!;

    protected virtual CrmApp NewHost(TimeProvider time) => new(time);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = NewHost(TestClock.AtNoon());
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _advisor) = await _app.SignedInAsync(Roles.Advisor);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static async Task<SearchResults> SearchAsync(HttpClient client, string q)
    {
        var response = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}");
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<SearchResults>();
    }

    private static IEnumerable<string> Titles(SearchResults results, SearchKind kind) =>
        results.Groups.Where(g => g.Kind == kind).SelectMany(g => g.Hits).Select(h => h.Title);

    [Test]
    public async Task A_three_or_four_character_fragment_finds_the_company_and_a_two_character_one_too()
    {
        var name = TestData.Unique("天津康师傅控股有限公司");
        await _gd.CreateCompanyAsync(name, confirm: true);
        var blue = TestData.Unique("北京蓝宝食品股份有限公司");
        await _gd.CreateCompanyAsync(blue, confirm: true);

        var four = await SearchAsync(_gd, "康师傅控");
        var three = await SearchAsync(_gd, "康师傅");
        var two = await SearchAsync(_gd, "蓝宝");

        Assert.Multiple(() =>
        {
            Assert.That(Titles(four, SearchKind.Company), Does.Contain(name));
            Assert.That(Titles(three, SearchKind.Company), Does.Contain(name));
            Assert.That(Titles(two, SearchKind.Company), Does.Contain(blue));
            Assert.That(two.NamesOnly, Is.True, "two characters cannot use the trigram index");
            Assert.That(three.NamesOnly, Is.False);
        });
    }

    [Test]
    public async Task English_names_are_found_in_any_case_and_the_exact_name_comes_first()
    {
        var suffix = TestData.Unique("");
        var exact = $"Nestle{suffix}";
        await _gd.CreateCompanyAsync($"Big Nestle{suffix} Foods Ltd", confirm: true);
        await _gd.CreateCompanyAsync(exact, confirm: true);

        var found = Titles(await SearchAsync(_gd, exact.ToUpperInvariant()), SearchKind.Company).ToList();

        Assert.That(found, Is.EqualTo(new[] { exact, $"Big Nestle{suffix} Foods Ltd" }));
    }

    [Test]
    public async Task The_credit_code_and_a_contacts_phone_find_the_company_and_the_contact()
    {
        var code = TestData.UniqueCreditCode();
        var company = await _gd.CreateCompanyAsync(TestData.Unique("信用代码食品有限公司"), creditCode: code, confirm: true);
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var response = await _gd.PostAsJsonAsync($"/api/v1/companies/{company.Id}/contacts",
            new ContactInput { Name = TestData.Unique("张经理"), Phone = phone, WeChat = "wx_" + phone }, CrmApp.Json);
        await response.EnsureSuccessAsync();

        var byCode = await SearchAsync(_gd, code);
        var byPhone = await SearchAsync(_gd, phone);
        var byWeChat = await SearchAsync(_gd, "WX_" + phone);

        Assert.Multiple(() =>
        {
            Assert.That(byCode.Groups.Single(g => g.Kind == SearchKind.Company).Hits.Select(h => h.Id), Does.Contain((long)company.Id));
            Assert.That(byPhone.Groups.Single(g => g.Kind == SearchKind.Contact).Hits.Single().Link, Is.EqualTo($"/companies/{company.Id}"));
            Assert.That(byWeChat.Groups.Single(g => g.Kind == SearchKind.Contact).Hits, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_recruiter_never_finds_another_desks_deal_or_its_notes()
    {
        var marker = TestData.Unique("冷链仓储扩建");
        var deal = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b => b.Title = marker + "项目"));
        var note = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities",
            new ActivityInput { Type = ActivityType.Call, OccurredOn = TestClock.Today, Summary = "电话沟通：" + marker + "的用地需求" }, CrmApp.Json);
        await note.EnsureSuccessAsync();

        var mine = await SearchAsync(_gd, marker);
        var theirs = await SearchAsync(_fj, marker);
        var advisor = await _advisor.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(marker)}");

        Assert.Multiple(() =>
        {
            Assert.That(mine.Groups.Single(g => g.Kind == SearchKind.Deal).Hits.Single().Link, Is.EqualTo($"/deals/{deal.Id}"));
            Assert.That(mine.Groups.Single(g => g.Kind == SearchKind.ActivityNote).Hits.Single().Detail, Does.Contain(marker));
            Assert.That(theirs.Groups.Where(g => g.Kind is SearchKind.Deal or SearchKind.ActivityNote), Is.Empty);
            Assert.That(advisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an advisor sees no deal, company or contact");
        });
    }

    [Test]
    public async Task A_documents_name_is_found_with_its_deal_and_never_by_another_desk()
    {
        var marker = TestData.Unique("环评批复");
        var deal = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id));
        var file = new ByteArrayContent([.. "%PDF-1.7\n"u8.ToArray(), .. new byte[64]]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var upload = await _gd.PostAsync($"/api/v1/deals/{deal.Id}/documents", new MultipartFormDataContent
        {
            { file, "file", marker + ".pdf" },
            { new StringContent(nameof(Domain.Documents.DocumentKind.EiaApproval)), "kind" },
            { new StringContent(TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "on" },
        });
        await upload.EnsureSuccessAsync();

        var mine = await SearchAsync(_gd, marker);
        var theirs = await SearchAsync(_fj, marker);

        var hit = mine.Groups.Single(g => g.Kind == SearchKind.Document).Hits.Single();
        Assert.Multiple(() =>
        {
            Assert.That(hit.Title, Is.EqualTo(marker + ".pdf"));
            Assert.That(hit.Context, Is.EqualTo(deal.Title));
            Assert.That(hit.Link, Is.EqualTo($"/deals/{deal.Id}"));
            Assert.That(theirs.Groups.Where(g => g.Kind == SearchKind.Document), Is.Empty, "another desk's deal's documents");
        });
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("long")]
    public async Task An_empty_or_too_long_q_is_a_400_naming_q(string q)
    {
        if (q == "long")
        {
            q = new string('食', SearchTerm.MaxLength + 1);
        }
        var response = await _gd.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"q\"").IgnoreCase);
    }
}

public sealed class SqliteSearchApiTests : SearchApiTests;
