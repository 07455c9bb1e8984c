using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crm.Domain.Activities;
using Crm.Domain.Companies;
using Crm.Domain.Deals;

namespace Crm.Tests.Web;

/// <summary>Every string the UI asks for exists in both languages.</summary>
public sealed partial class ResourceTests
{
    private static readonly string WebFolder = FindWebFolder();

    [TestCase("Texts.resx")]
    [TestCase("Texts.zh-CN.resx")]
    public void Every_key_the_pages_use_is_in_the_resources(string file)
    {
        var keys = Keys(file);
        var used = Directory.EnumerateFiles(WebFolder, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Where(k => !keys.Contains(k)), Is.Empty);
    }

    [TestCase("Texts.resx")]
    [TestCase("Texts.zh-CN.resx")]
    public void Every_enum_shown_has_a_label(string file)
    {
        var keys = Keys(file);
        string[] labels =
        [
            .. Names<DealStage>(), .. Names<DealStatus>(), .. Names<DealSource>(), .. Names<Region>(),
            .. Names<Segment>(), .. Names<CompanyTier>(), .. Names<ActivityType>(), .. Names<Crm.Domain.Organizations.OrganizationKind>(),
            .. Crm.Domain.Users.Roles.All.Select(r => $"Role.{r}"), .. Names<Crm.Domain.Notifications.NotificationKind>(),
        ];
        Assert.That(labels.Where(k => !keys.Contains(k)), Is.Empty);
    }

    [Test]
    public void Both_languages_have_the_same_keys() =>
        Assert.That(Keys("Texts.zh-CN.resx"), Is.EquivalentTo(Keys("Texts.resx")));

    private static IEnumerable<string> Names<T>() where T : struct, Enum => Enum.GetNames<T>().Select(n => $"{typeof(T).Name}.{n}");

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(WebFolder, "..", "Crm.Domain", "Localization", file)).Root!.Elements("data")
            .Select(d => (string)d.Attribute("name")!).ToHashSet();

    private static string FindWebFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var web = Path.Combine(dir.FullName, "Crm.Web");
            if (Directory.Exists(Path.Combine(web, "Components")))
            {
                return web;
            }
        }
        throw new DirectoryNotFoundException("Crm.Web not found above the test folder.");
    }

    [GeneratedRegex("""L\["([A-Za-z.]+)"[\],]""")]
    private static partial Regex UsedKey();
}
