using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Deals;

/// <summary>GET /api/v1/deals: every filter, every sort, keyset pages. Each test isolates its deals by a unique word in the title.</summary>
public abstract class DealListTests
{
    private CrmApp _app = null!;
    private HttpClient _manager = null!;
    private TestUser _gd = null!;
    private TestUser _fj = null!;

    private static DateOnly Today => TestClock.Today;

    /// <summary>The host the tests run on: SQLite (<see cref="SqliteDealListTests"/>), PostgreSQL in the Server category's subclass.</summary>
    protected virtual CrmApp NewHost(TimeProvider time) => new(time);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = NewHost(TestClock.AtNoon());
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
        _gd = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        _fj = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Filters_narrow_the_list()
    {
        var word = TestData.Unique("筛选");
        var fortune = await _manager.CreateCompanyAsync($"嘉吉{word}粮油有限公司", CompanyTier.FortuneGlobal500);
        var plain = await _manager.CreateCompanyAsync($"巧客{word}食品有限公司");
        var a = await _manager.CreateDealAsync(TestData.NewDeal(fortune.Id, b =>
        {
            b.Title = $"A {word}"; b.Desk = DeskCodes.Guangdong; b.OwnerId = _gd.Id; b.Source = DealSource.Desk;
            b.Region = Region.PearlRiverDelta; b.NextFollowUpOn = Today.AddDays(3);
        }));
        var bDeal = await _manager.CreateDealAsync(TestData.NewDeal(plain.Id, b =>
        {
            b.Title = $"B {word}"; b.Desk = DeskCodes.Fujian; b.OwnerId = _fj.Id; b.Source = DealSource.Direct;
            b.Region = Region.YangtzeRiverDelta; b.NextFollowUpOn = Today.AddDays(20);
        }));
        await _manager.MoveAsync(bDeal, DealStage.Negotiating, Today);
        var c = await _manager.CreateDealAsync(TestData.NewDeal(plain.Id, b =>
        {
            b.Title = $"C {word}"; b.Desk = DeskCodes.Guangdong; b.OwnerId = _gd.Id; b.Source = DealSource.Other; b.Region = Region.Other;
        }), confirm: true);
        var dormant = await _manager.PostAsJsonAsync($"/api/v1/deals/{c.Id}/status",
            new StatusChangeInput { Status = DealStatus.Dormant, Version = c.Version }, CrmApp.Json);
        await dormant.EnsureSuccessAsync();

        var q = Uri.EscapeDataString(word);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await TitlesAsync($"q={q}"), Is.EquivalentTo(new[] { "A", "B", "C" }));
            Assert.That(await TitlesAsync($"q={q}&stage=Negotiating"), Is.EquivalentTo(new[] { "B" }));
            Assert.That(await TitlesAsync($"q={q}&stage=Lead&stage=Negotiating"), Is.EquivalentTo(new[] { "A", "B", "C" }));
            Assert.That(await TitlesAsync($"q={q}&status=Dormant"), Is.EquivalentTo(new[] { "C" }));
            Assert.That(await TitlesAsync($"q={q}&desk=FJ"), Is.EquivalentTo(new[] { "B" }));
            Assert.That(await TitlesAsync($"q={q}&source=Direct"), Is.EquivalentTo(new[] { "B" }));
            Assert.That(await TitlesAsync($"q={q}&region=YangtzeRiverDelta&region=Other"), Is.EquivalentTo(new[] { "B", "C" }));
            Assert.That(await TitlesAsync($"q={q}&tier=FortuneGlobal500"), Is.EquivalentTo(new[] { "A" }));
            Assert.That(await TitlesAsync($"q={q}&ownerId={_gd.Id}"), Is.EquivalentTo(new[] { "A", "C" }));
            Assert.That(await TitlesAsync($"q={q}&followUpBefore={Today.AddDays(10):yyyy-MM-dd}"), Is.EquivalentTo(new[] { "A" }));
            Assert.That(await TitlesAsync($"q={Uri.EscapeDataString($"嘉吉{word}")}"), Is.EquivalentTo(new[] { "A" }), "q matches the company name");
            Assert.That(await TitlesAsync($"q={q}&desk=BJ"), Is.Empty);
        });
        Assert.That(a.Tier, Is.EqualTo(CompanyTier.FortuneGlobal500));
    }

    [TestCase("updated")]
    [TestCase("-updated")]
    [TestCase("investment")]
    [TestCase("-investment")]
    [TestCase("company")]
    [TestCase("-company")]
    [TestCase("leadOn")]
    [TestCase("-leadOn")]
    [TestCase("followUp")]
    [TestCase("-followUp")]
    [TestCase(null)]
    public async Task Keyset_pages_cover_every_deal_once_in_sort_order(string? sort)
    {
        // Also run it once as `TZ=Asia/Shanghai dotnet test --filter Keyset`: the "updated" cursor once came back in server-local time.
        var word = TestData.Unique("分页");
        // Ties in every key, so the id must break them; some follow-ups missing.
        var investments = new long[] { 100_000_000, 100_000_000, 200_000_000, 200_000_000, 200_000_000, 300_000_000, 500_000_000 };
        var companies = new[] { "甲", "甲", "乙", "丙", "乙", "丁", "甲" };
        var created = new List<int>();
        for (var i = 0; i < investments.Length; i++)
        {
            // Same names on purpose (ties in the company sort): registered past the duplicate check.
            var company = await _manager.CreateCompanyAsync(
                $"{companies[i]}{word}食品有限公司{(i % 2 == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}", confirm: true);
            var index = i;
            var deal = await _manager.CreateDealAsync(TestData.NewDeal(company.Id, b =>
            {
                b.Title = $"{word} {index}"; b.Desk = DeskCodes.Guangdong; b.OwnerId = _gd.Id;
                b.EstimatedInvestmentYuan = investments[index];
                b.LeadOn = Today.AddDays(-(index % 3));
                b.NextFollowUpOn = index % 3 == 0 ? null : Today.AddDays(index % 2);
            }));
            created.Add(deal.Id);
        }

        var seen = new List<DealResponse>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/deals?q={Uri.EscapeDataString(word)}&pageSize=3"
                + (sort is null ? "" : $"&sort={Uri.EscapeDataString(sort)}") + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await _manager.GetFromJsonAsync<DealPage>(url, CrmApp.Json);
            Assert.That(page!.Items, Has.Count.LessThanOrEqualTo(3));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen.Select(d => d.Id), Is.Unique, "no deal on two pages");
        Assert.That(seen.Select(d => d.Id), Is.EquivalentTo(created), "no deal missed");
        var key = (sort ?? "-updated").TrimStart('-');
        var descending = (sort ?? "-updated").StartsWith('-');
        var expected = (descending ? seen.OrderByDescending(d => Key(d, key), StringComparer.Ordinal).ThenByDescending(d => d.Id)
            : seen.OrderBy(d => Key(d, key), StringComparer.Ordinal).ThenBy(d => d.Id)).Select(d => d.Id);
        Assert.That(seen.Select(d => d.Id), Is.EqualTo(expected), "pages follow the sort order, ties by id");
    }

    [Test]
    public async Task Page_size_defaults_to_50_and_is_bounded()
    {
        var word = TestData.Unique("页大小");
        var company = await _manager.CreateCompanyAsync();
        for (var i = 0; i < 52; i++)
        {
            await _manager.CreateDealAsync(TestData.NewDeal(company.Id, b => { b.Title = $"{word} {i}"; b.Desk = DeskCodes.Guangdong; b.OwnerId = _gd.Id; }));
        }
        var page = await _manager.GetFromJsonAsync<DealPage>($"/api/v1/deals?q={Uri.EscapeDataString(word)}", CrmApp.Json);
        Assert.That(page!.Items, Has.Count.EqualTo(50));
        Assert.That(page.NextCursor, Is.Not.Null);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await _manager.GetAsync("/api/v1/deals?pageSize=201")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await _manager.GetAsync("/api/v1/deals?pageSize=0")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await _manager.GetAsync("/api/v1/deals?pageSize=200")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase("sort=price", "sort")]
    [TestCase("cursor=not-a-cursor", "cursor")]
    [TestCase("stage=Finished", "stage")]
    [TestCase("followUpBefore=2026-13-45", "followUpBefore")]
    [TestCase("pageSize=abc", "pageSize")]
    public async Task Bad_query_is_400_naming_the_parameter(string query, string field)
    {
        var response = await _manager.GetAsync($"/api/v1/deals?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(field));
    }

    [Test]
    public async Task A_cursor_of_another_sort_is_400()
    {
        var word = TestData.Unique("游标");
        var company = await _manager.CreateCompanyAsync();
        for (var i = 0; i < 3; i++)
        {
            await _manager.CreateDealAsync(TestData.NewDeal(company.Id, b => { b.Title = $"{word} {i}"; b.Desk = DeskCodes.Guangdong; b.OwnerId = _gd.Id; }));
        }
        var page = await _manager.GetFromJsonAsync<DealPage>($"/api/v1/deals?q={Uri.EscapeDataString(word)}&pageSize=1&sort=investment", CrmApp.Json);
        var response = await _manager.GetAsync($"/api/v1/deals?q={Uri.EscapeDataString(word)}&pageSize=1&sort=leadOn&cursor={page!.NextCursor}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static string Key(DealResponse d, string key) => key switch
    {
        "investment" => d.InvestmentYuan.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
        "company" => d.CompanyName,
        "leadOn" => d.LeadOn.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        "followUp" => (d.NextFollowUpOn ?? DateOnly.MaxValue).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => d.UpdatedAt.ToString("O"),
    };

    private async Task<string[]> TitlesAsync(string query)
    {
        var response = await _manager.GetAsync($"/api/v1/deals?{query}");
        await response.EnsureSuccessAsync();
        return (await response.ReadAsync<DealPage>()).Items.Select(d => d.Title.Split(' ')[0]).ToArray();
    }
}

/// <summary>The tests of <see cref="DealListTests"/> on SQLite.</summary>
public sealed class SqliteDealListTests : DealListTests;
