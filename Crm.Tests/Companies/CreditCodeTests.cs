using Crm.Domain.Companies;

namespace Crm.Tests.Companies;

/// <summary>GB 32100-2015 check character; every valid code below was verified with the standard's algorithm.</summary>
public sealed class CreditCodeTests
{
    [TestCase("91350100M000100Y43", Description = "the example of GB 32100-2015")]
    [TestCase("914403001922038216", Description = "Huawei Technologies Co., Ltd.")]
    [TestCase("91330100716105852F", Description = "Alibaba (China) Co., Ltd.")]
    [TestCase("9144030071526726XG", Description = "Shenzhen Tencent Computer Systems Co., Ltd.")]
    [TestCase("91520000214434146R", Description = "Kweichow Moutai Co., Ltd.")]
    public void IsValid_published_codes_are_valid(string code)
    {
        Assert.That(CreditCode.IsValid(code), Is.True);
    }

    [TestCase("91350100M000100Y44", Description = "wrong check character")]
    [TestCase("914403001922038217", Description = "wrong check character")]
    [TestCase("91330100716105852G", Description = "wrong check character")]
    [TestCase("91350100M000100Y4", Description = "17 characters")]
    [TestCase("91350100M000100Y433", Description = "19 characters")]
    [TestCase("", Description = "empty")]
    [TestCase(null, Description = "null")]
    [TestCase("91350100M000100Y4 ", Description = "trailing space counts in length")]
    [TestCase("9135010OM000100Y43", Description = "letter O in place of zero")]
    public void IsValid_wrong_codes_are_refused(string? code)
    {
        Assert.That(CreditCode.IsValid(code), Is.False);
    }

    [TestCase('I')]
    [TestCase('O')]
    [TestCase('S')]
    [TestCase('V')]
    [TestCase('Z')]
    public void IsValid_letters_outside_the_alphabet_are_refused_wherever_they_stand(char forbidden)
    {
        const string valid = "91350100M000100Y43";
        Assert.Multiple(() =>
        {
            for (var i = 0; i < valid.Length; i++)
            {
                var code = valid[..i] + forbidden + valid[(i + 1)..];
                Assert.That(CreditCode.IsValid(code), Is.False, code);
            }
        });
    }

    [Test]
    public void Normalize_trims_and_upper_cases_so_a_typed_lowercase_code_is_valid()
    {
        const string typed = "  9144030071526726xg ";
        Assert.Multiple(() =>
        {
            Assert.That(CreditCode.IsValid(typed), Is.False);
            Assert.That(CreditCode.Normalize(typed), Is.EqualTo("9144030071526726XG"));
            Assert.That(CreditCode.IsValid(CreditCode.Normalize(typed)), Is.True);
        });
    }
}
