using Crm.Web.Components.Pages.Deals;

namespace Crm.Tests.Web;

public sealed class DealExportTests
{
    [TestCase("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [TestCase("+86 20 1234", "'+86 20 1234")]
    [TestCase("-1", "'-1")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("康师傅控股有限公司", "康师傅控股有限公司")]
    [TestCase("", "")]
    public void Cell_keeps_text_that_looks_like_a_formula_as_text(string text, string expected) =>
        Assert.That(DealExport.Cell(text), Is.EqualTo(expected));

    [Test]
    public void Cell_of_nothing_is_nothing() => Assert.That(DealExport.Cell(null), Is.Null);
}
