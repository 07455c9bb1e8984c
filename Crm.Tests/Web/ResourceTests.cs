using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Localization;

namespace Crm.Tests.Web;

/// <summary>
/// The one catalogue (Crm.Domain/Localization/Texts*.resx) has a word for everything a person can be shown,
/// in both languages: every key a page asks for, every enum value, every refusal code, every role.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string Root = FindRoot();
    private const string English = "Texts.resx";
    private const string Chinese = "Texts.zh-CN.resx";

    /// <summary>Enums that no person reads; a new public enum of the domain needs labels or a reason here.</summary>
    private static readonly HashSet<Type> NotShown = [typeof(Crm.Domain.Data.DatabaseProvider)]; // a setting for IT, named as configured

    [TestCase(English)]
    [TestCase(Chinese)]
    public void Every_key_the_pages_use_is_in_the_resources(string file)
    {
        var keys = Keys(file);
        var used = Directory.EnumerateFiles(Path.Combine(Root, "Crm.Web"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Where(k => !keys.Contains(k)), Is.Empty);
    }

    [TestCase(English)]
    [TestCase(Chinese)]
    public void Every_enum_value_of_the_domain_has_a_label(string file)
    {
        var keys = Keys(file);
        var enums = typeof(Deal).Assembly.GetExportedTypes().Where(t => t.IsEnum && !NotShown.Contains(t)).ToList();
        Assert.That(enums, Has.Count.GreaterThan(10));
        var labels = enums.SelectMany(t => Enum.GetNames(t).Select(n => $"{t.Name}.{n}"))
            .Concat(Crm.Domain.Users.Roles.All.Select(r => $"Role.{r}"));
        Assert.That(labels.Where(k => !keys.Contains(k)), Is.Empty);
    }

    [TestCase(English)]
    [TestCase(Chinese)]
    public void Every_refusal_code_has_words(string file)
    {
        var keys = Keys(file);
        var codes = UsedCodes();
        Assert.That(codes, Has.Count.GreaterThan(40), "the scan of the sources found the codes");
        Assert.That(codes.Select(c => $"Rule.{c}").Where(k => !keys.Contains(k)), Is.Empty);
    }

    [Test]
    public void Every_pipeline_rule_reads_in_both_languages_with_its_arguments()
    {
        var rules = typeof(PipelineRules).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (RuleViolation)m.Invoke(null, m.GetParameters().Select(p => Sample(p.ParameterType)).ToArray())!)
            .ToList();
        Assert.That(rules, Has.Count.GreaterThanOrEqualTo(16));
        foreach (var rule in rules)
        {
            var zh = Catalogue.Of(rule, Catalogue.ChineseCulture);
            var en = Catalogue.Of(rule, Catalogue.EnglishCulture);
            Assert.Multiple(() =>
            {
                Assert.That(zh, Does.Match(Cjk().ToString()), rule.Code);
                Assert.That(Cjk().IsMatch(en), Is.False, $"{rule.Code}: {en}");
                Assert.That(zh, Does.Not.Contain("{").And.Not.Contain("Signed").And.Not.Contain("Active"), rule.Code);
                Assert.That(en, Does.Not.Contain("{"), rule.Code);
            });
        }
    }

    [Test]
    public void Both_languages_have_the_same_keys() =>
        Assert.That(Keys(Chinese), Is.EquivalentTo(Keys(English)));

    [Test]
    public void No_key_is_listed_twice()
    {
        foreach (var file in new[] { English, Chinese })
        {
            var names = Entries(file).Select(e => e.Key).ToList();
            Assert.That(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, file);
        }
    }

    [Test]
    public void Chinese_entries_are_Chinese_and_English_entries_have_no_Chinese()
    {
        var en = Entries(English).ToDictionary(e => e.Key, e => e.Value);
        var untranslated = Entries(Chinese)
            .Where(e => !Cjk().IsMatch(e.Value) && Letters().IsMatch(e.Value) && e.Value == en.GetValueOrDefault(e.Key) && !SameInBothLanguages(e.Key))
            .Select(e => $"{e.Key}: {e.Value}");
        var chineseInEnglish = en.Where(e => Cjk().IsMatch(e.Value) && !SameInBothLanguages(e.Key)).Select(e => $"{e.Key}: {e.Value}");
        Assert.Multiple(() =>
        {
            Assert.That(untranslated, Is.Empty, "zh-CN entries that are the English text");
            Assert.That(chineseInEnglish, Is.Empty, "English entries with Chinese in them");
        });
    }

    [Test]
    public void Catalogue_falls_back_to_the_key_only_when_an_entry_is_missing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Catalogue.Of(DealStage.Negotiating, Catalogue.ChineseCulture), Is.EqualTo("洽谈/选址"));
            Assert.That(Catalogue.Of(DealStatus.Active, Catalogue.EnglishCulture), Is.EqualTo("Active"));
            Assert.That(Catalogue.Of(PipelineRules.SkipsMilestone(DealStage.Started), Catalogue.ChineseCulture), Does.Contain("开工"));
            Assert.That(Catalogue.Text("No.Such.Key", Catalogue.EnglishCulture), Is.EqualTo("No.Such.Key"));
        });
    }

    /// <summary>MudBlazor's own words, and each language's name, written in that language on every page (中文 / English).</summary>
    private static bool SameInBothLanguages(string key) =>
        key.StartsWith("Mud.", StringComparison.Ordinal) || key.StartsWith("Language.", StringComparison.Ordinal);

    private static object? Sample(Type type) =>
        type == typeof(DealStage) ? DealStage.Signed
        : type == typeof(DealStatus) ? DealStatus.Dormant
        : type == typeof(DateOnly) ? new DateOnly(2026, 3, 31)
        : type.IsValueType ? Activator.CreateInstance(type) : null;

    /// <summary>Every code the sources construct: RuleViolation("x.y", ...), new("x.y", ...) in a rules class, Invalid(field, "x.y"), WithCode("x.y").</summary>
    private static HashSet<string> UsedCodes()
    {
        var sources = new[] { "Crm.Domain", "Crm.Api", "Crm.Web" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains("Migrations", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}Demo{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var codes = new HashSet<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in CodePattern().Matches(text))
            {
                codes.Add(m.Groups["code"].Value);
            }
        }
        return codes;
    }

    private static IEnumerable<KeyValuePair<string, string>> Entries(string file) =>
        XDocument.Load(Path.Combine(Root, "Crm.Domain", "Localization", file)).Root!.Elements("data")
            .Select(d => KeyValuePair.Create((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""));

    private static HashSet<string> Keys(string file) => Entries(file).Select(e => e.Key).ToHashSet();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "Crm.Domain", "Localization")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Crm.Domain/Localization not found above the test folder.");
    }

    [GeneratedRegex("""L\["([A-Za-z.]+)"[\],]""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(""""(?:RuleViolation\(|\bnew\(|Invalid\("[^"]*",\s*|WithCode\()"(?<code>[a-z][A-Za-z]*\.[A-Za-z.]+)"""")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"[\u3400-\u9fff]")]
    private static partial Regex Cjk();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex Letters();
}
