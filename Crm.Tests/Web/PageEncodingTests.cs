using System.Text.RegularExpressions;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Web;

/// <summary>Chinese pages carry their Chinese as characters, not as numeric escapes that weigh almost three times as much.</summary>
public sealed partial class PageEncodingTests
{
    [Test]
    public async Task A_Chinese_page_writes_its_characters_as_they_are()
    {
        using var app = new PageApp();
        var recruiter = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);

        var response = await app.PageResponseAsync("/pipeline", recruiter);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Cjk().IsMatch(html), Is.True, "the page has Chinese text");
            Assert.That(EscapedCjk().Matches(html).Select(m => m.Value).Distinct().Take(5), Is.Empty);
        });
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex("&#x(?:[4-9][0-9A-F]{3});", RegexOptions.IgnoreCase)]
    private static partial Regex EscapedCjk();
}
