namespace Crm.Tests.Web;

/// <summary>Pages and components reach the domain one way: domain services through DomainCalls, never the DbContext.</summary>
public sealed class DomainAccessTests
{
    private static readonly string[] Forbidden = ["CrmDbContext", "IServiceScopeFactory"];

    [Test]
    public void No_page_or_component_touches_the_DbContext_or_makes_its_own_scope()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "Crm.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Crm.slnx not found above the test directory.");
        }
        var components = Path.Combine(root, "Crm.Web", "Components");
        var offenders = Directory.EnumerateFiles(components, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "DomainCalls.cs")
            .SelectMany(f => Forbidden.Where(File.ReadAllText(f).Contains).Select(word => $"{Path.GetRelativePath(root, f)}: {word}"))
            .ToList();

        Assert.That(Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories), Is.Not.Empty, "the components were found");
        Assert.That(offenders, Is.Empty);
    }
}
