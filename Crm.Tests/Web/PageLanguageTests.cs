using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Web;

/// <summary>
/// Every page, prerendered through the real host, speaks one language: in Chinese no enum identifier and no
/// English sentence of the catalogue, in English no Chinese beyond the data and the 万元/亿元 units. A word that
/// misses the catalogue, or a label printed with ToString(), makes its page fail here.
/// The data has ASCII names free of enum words, so that what is left is the page's own words.
/// </summary>
[NonParallelizable]
public sealed partial class PageLanguageTests
{
    private const string Chinese = "zh-CN";
    private const string English = "en";

    private PageApp _app = default!;
    private readonly Dictionary<string, TestUser> _users = [];
    private int _dealId;
    private int _companyId;
    private string[] _chineseData = [];

    private static IEnumerable<TestCaseData> Pages()
    {
        (string Path, string Role)[] pages =
        [
            ("/", Roles.Manager), ("/pipeline", Roles.Manager), ("/deals", Roles.Manager), ("/deals/{deal}", Roles.Manager),
            ("/deals/new", Roles.Manager), ("/companies", Roles.Manager), ("/companies/{company}", Roles.Manager),
            ("/notifications", Roles.Manager), ("/referrals", Roles.Advisor), ("/referrals/triage", Roles.Manager),
            ("/reviews", Roles.Manager), ("/reviews/plan", Roles.Manager), ("/admin/users", Roles.Admin), ("/admin/desks", Roles.Admin),
            ("/admin/organizations", Roles.Admin), ("/admin/jobs", Roles.Admin), ("/imports", Roles.Manager), ("/problems", Roles.Manager),
            ("/admin/departments", Roles.Admin),
        ];
        foreach (var (path, role) in pages)
        {
            foreach (var culture in new[] { Chinese, English })
            {
                yield return new TestCaseData(path, role, culture).SetName($"Page_speaks_one_language({path}, {culture})");
            }
        }
    }

    [OneTimeSetUp]
    public async Task CreateDataAsync()
    {
        _app = new PageApp(TestClock.AtNoon());
        foreach (var (role, name) in new[] { (Roles.Manager, "Wang Lei"), (Roles.Admin, "Zhao Min"), (Roles.Advisor, "Liu Yang") })
        {
            foreach (var culture in new[] { Chinese, English })
            {
                _users[$"{role}|{culture}"] = await _app.CreateUserInLanguageAsync(role, culture, name: $"{name} {culture}");
            }
        }
        var manager = await _app.ClientForAsync(_users[$"{Roles.Manager}|{Chinese}"]);
        var advisor = await _app.ClientForAsync(_users[$"{Roles.Advisor}|{Chinese}"]);
        var englishAdvisor = await _app.ClientForAsync(_users[$"{Roles.Advisor}|{English}"]);

        var company = await manager.CreateCompanyAsync("Zorblax Quillon Ltd");
        _companyId = company.Id;
        var today = TestClock.Today;
        var deal = await manager.CreateDealAsync(TestData.NewDeal(company.Id, b =>
        {
            b.Title = "Quillon plant";
            b.Desk = "GD";
            b.LeadOn = today;
        }));
        deal = await manager.MoveAsync(deal, DealStage.Signed, today, 700_000_000, today.AddMonths(2), today.AddMonths(8));
        _dealId = deal.Id;
        await manager.CreateDealAsync(TestData.NewDeal((await manager.CreateCompanyAsync("Vexmor Ltd")).Id, b =>
        {
            b.Title = "Vexmor plant";
            b.Desk = "GD";
        }));
        foreach (var client in new[] { advisor, englishAdvisor })
        {
            var response = await client.PostAsJsonAsync("/api/v1/referrals", new ReferralInput
            {
                CompanyName = "Zorblax Quillon",
                ContactName = "Chen Jun",
                ContactPhone = "+86 138 0000 0000",
                Region = Region.BohaiRim,
                Segment = Segment.Dairy,
                EstimatedInvestmentYuan = 300_000_000,
                Notes = "Met at the fair",
            }, CrmApp.Json);
            await response.EnsureSuccessAsync();
        }
        // The desks are data: their Chinese names may show on an English page (the desks page lists both).
        _chineseData = await _app.WithDbAsync(db => Task.FromResult(db.Desks.Select(d => d.Name).ToArray()));
    }

    [OneTimeTearDown]
    public void StopHost() => _app.Dispose();

    [TestCaseSource(nameof(Pages))]
    public async Task Page_speaks_one_language(string path, string role, string culture)
    {
        var html = await _app.PageAsync(path.Replace("{deal}", _dealId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("{company}", _companyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _users[$"{role}|{culture}"], culture);
        var text = VisibleText(html);
        Assert.That(text, Does.Contain(Catalogue.Text("App.Name", Catalogue.CultureOf(culture))), "the page rendered in its language");

        if (culture == Chinese)
        {
            var identifiers = EnumNames().Where(name => Regex.IsMatch(text, $"(?<![A-Za-z]){name}(?![A-Za-z])")).ToList();
            var sentences = EnglishSentences().Where(text.Contains).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(identifiers, Is.Empty, "enum identifiers on the Chinese page");
                Assert.That(sentences, Is.Empty, "English sentences of the catalogue on the Chinese page");
            });
        }
        else
        {
            foreach (var allowed in _chineseData.Concat(["中文"]))
            {
                text = text.Replace(allowed, " ", StringComparison.Ordinal);
            }
            var chinese = Cjk().Matches(text).Select(m => Around(text, m.Index)).ToList();
            Assert.That(chinese, Is.Empty, "Chinese on the English page");
        }
    }

    /// <summary>What a person reads: the text between tags, without scripts, styles and Blazor's markers.</summary>
    private static string VisibleText(string html)
    {
        var text = Regex.Replace(html, "<script.*?</script>|<style.*?</style>|<!--.*?-->", " ", RegexOptions.Singleline);
        text = Regex.Replace(text, "<[^>]+>", " ");
        return Regex.Replace(System.Net.WebUtility.HtmlDecode(text), @"\s+", " ");
    }

    private static string Around(string text, int index) => text.Substring(Math.Max(0, index - 30), Math.Min(60, text.Length - Math.Max(0, index - 30)));

    /// <summary>Every member name of every enum the catalogue labels.</summary>
    private static IEnumerable<string> EnumNames() =>
        typeof(DealStage).Assembly.GetTypes()
            .Where(t => t.IsEnum && Enum.GetNames(t).Length > 0 && Catalogue.Find($"{t.Name}.{Enum.GetNames(t)[0]}", Catalogue.ChineseCulture) is not null)
            .SelectMany(Enum.GetNames).Distinct();

    /// <summary>The catalogue's English texts of two words or more (the parts between their placeholders).</summary>
    private static IEnumerable<string> EnglishSentences()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "Crm.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Crm.slnx not found above the test directory.");
        }
        var entries = XDocument.Load(Path.Combine(root, "Crm.Domain", "Localization", "Texts.resx")).Root!.Elements("data")
            .Select(d => (Key: (string)d.Attribute("name")!, Value: (string?)d.Element("value") ?? ""));
        return entries
            .Where(e => Catalogue.Find(e.Key, Catalogue.ChineseCulture) != e.Value)
            .SelectMany(e => Placeholder().Split(e.Value))
            .Select(part => part.Trim(' ', '.', ',', ':', '(', ')', '·'))
            .Where(part => TwoWords().IsMatch(part))
            .Distinct();
    }

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z]{2,} [A-Za-z]{2,}")]
    private static partial Regex TwoWords();

    [GeneratedRegex(@"[\u3000-\u303F\u3400-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]")]
    private static partial Regex Cjk();
}
