using Crm.Domain.Duplicates;

namespace Crm.Tests.Duplicates;

/// <summary>The normaliser and the matcher on real-looking names of the zone's food industry.</summary>
public sealed class DuplicateMatcherTests
{
    private static readonly object?[][] Pairs =
    [
        // Same company, different legal form, bracket width, spaces, case.
        ["雀巢（中国）有限公司", "雀巢有限公司", DuplicateLevel.Strong],
        ["李锦记（中国）销售有限公司", "李锦记(中国)销售有限公司", DuplicateLevel.Strong],
        ["巧客食品有限公司", "巧客食品股份有限公司", DuplicateLevel.Strong],
        ["嘉吉投资（中国）有限公司", "嘉吉投资 有限责任公司", DuplicateLevel.Strong],
        ["美丹食品集团有限公司", "美丹食品", DuplicateLevel.Strong],
        ["Nestlé (China) Ltd.", "NESTLÉ LTD", DuplicateLevel.Strong],
        ["Ｃａｒｇｉｌｌ Investments (China) Co., Ltd.", "cargill investments", DuplicateLevel.Strong],
        // A place name is weak evidence: likely, not the same.
        ["天津康师傅", "康师傅控股有限公司", DuplicateLevel.Likely],
        ["广州黑卡饮料有限公司", "黑卡饮料", DuplicateLevel.Likely],
        ["北京蓝宝食品有限公司", "蓝宝食品", DuplicateLevel.Likely],
        ["中盛粮油工业（天津）有限公司", "中盛粮油工业有限公司", DuplicateLevel.Likely],
        ["上海市光明乳业股份有限公司", "光明乳业", DuplicateLevel.Likely],
        // Similar names.
        ["周氏蜂蜜制品有限公司", "周氏蜂蜜制品厂", DuplicateLevel.Possible],
        // Different companies.
        ["康师傅", "康佳", null],
        ["统全食品有限公司", "统一食品有限公司", null],
        ["中山食品有限公司", "北京食品有限公司", null],
        ["广州黑卡饮料有限公司", "广州红牛饮料有限公司", null],
        ["贝德食品有限公司", "贝德食品科技有限公司", null],
        ["天津大海食品有限公司", "天津康师傅方便食品有限公司", null],
    ];

    [TestCaseSource(nameof(Pairs))]
    public void Classify_pair_gives_the_expected_level(string a, string b, DuplicateLevel? expected)
    {
        Assert.That(LevelOf(a, b), Is.EqualTo(expected), $"{a} ~ {b}");
        Assert.That(LevelOf(b, a), Is.EqualTo(expected), $"{b} ~ {a} (symmetric)");
    }

    [Test]
    public void Same_credit_code_is_certain_whatever_the_names()
    {
        var key = CompanyNameNormalizer.Normalize("天津顶益食品有限公司");
        var other = CompanyNameNormalizer.Normalize("康师傅控股有限公司");
        var score = DuplicateDetector.Classify(key, "91120116MA05K9XX1T", other.Name, other.Core, "91120116MA05K9XX1T");
        Assert.That(score?.Level, Is.EqualTo(DuplicateLevel.Certain));
    }

    [Test]
    public void Likely_match_says_which_place_differs()
    {
        var key = CompanyNameNormalizer.Normalize("天津康师傅");
        var other = CompanyNameNormalizer.Normalize("康师傅控股有限公司");
        var score = DuplicateDetector.Classify(key, null, other.Name, other.Core, null);
        Assert.Multiple(() =>
        {
            Assert.That(score?.Reason, Is.EqualTo(DuplicateReason.SameNameApartFromPlace));
            Assert.That(score?.Place, Is.EqualTo("天津"));
        });
    }

    [TestCase("雀巢（中国）有限公司", "雀巢", "雀巢")]
    [TestCase("天津康师傅", "天津康师傅", "康师傅")]
    [TestCase("康师傅控股有限公司", "康师傅", "康师傅")]
    [TestCase("广州市 黑卡饮料有限公司", "广州市黑卡饮料", "黑卡饮料")]
    [TestCase("【周氏】蜂蜜·制品有限公司", "周氏蜂蜜制品", "周氏蜂蜜制品")]
    [TestCase("集团", "集团", "集团")]
    [TestCase("天津", "天津", "天津")]
    public void Normalize_strips_legal_form_brackets_punctuation_and_a_leading_place(string name, string normalized, string core)
    {
        var key = CompanyNameNormalizer.Normalize(name);
        Assert.Multiple(() =>
        {
            Assert.That(key.Name, Is.EqualTo(normalized));
            Assert.That(key.Core, Is.EqualTo(core));
        });
    }

    private static DuplicateLevel? LevelOf(string a, string b)
    {
        var key = CompanyNameNormalizer.Normalize(a);
        var other = CompanyNameNormalizer.Normalize(b);
        return DuplicateDetector.Classify(key, null, other.Name, other.Core, null)?.Level;
    }
}
