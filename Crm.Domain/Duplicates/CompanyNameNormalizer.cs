using System.Text;
using System.Text.RegularExpressions;

namespace Crm.Domain.Duplicates;

/// <summary>
/// Reduces a company name to the part that identifies the company, so that 雀巢（中国）有限公司 and 雀巢有限公司
/// compare equal. Two keys come out: <see cref="NormalizedName.Name"/> (legal form, brackets, spaces, punctuation
/// and case gone) and <see cref="NormalizedName.Core"/> (the same without a leading city or province, or a place
/// in brackets). A place name is weak evidence: 天津康师傅 and 康师傅 share the core, not the name, and so are only a
/// likely match. Both keys are stored on companies and referrals (indexed) so that candidates are found in SQL.
/// </summary>
public static partial class CompanyNameNormalizer
{
    /// <summary>Legal forms and group words, stripped from the end of a name until none is left (longest first).</summary>
    private static readonly string[] LegalSuffixes =
    [
        "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司", "有限公司", "分公司", "总公司", "公司",
        "集团", "控股", "股份", "实业",
        "corporation", "holdings", "limited", "company", "group", "coltd", "corp", "ltd", "inc", "llc", "plc",
    ];

    /// <summary>Provinces, municipalities and the larger cities (where investors in the zone come from).</summary>
    private static readonly string[] Places =
    [
        "中国", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
        "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古",
        "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
        "广州", "深圳", "珠海", "汕头", "佛山", "东莞", "中山", "江门", "湛江", "惠州", "潮州", "揭阳",
        "厦门", "福州", "泉州", "漳州", "莆田", "晋江", "南京", "苏州", "无锡", "常州", "南通", "扬州", "徐州",
        "杭州", "宁波", "温州", "嘉兴", "绍兴", "金华", "台州", "青岛", "济南", "烟台", "潍坊", "临沂", "威海",
        "大连", "沈阳", "长春", "哈尔滨", "石家庄", "唐山", "保定", "廊坊", "沧州", "秦皇岛", "邯郸", "张家口", "承德",
        "太原", "郑州", "武汉", "长沙", "南昌", "合肥", "成都", "西安", "昆明", "贵阳", "南宁", "海口", "兰州",
        "西宁", "银川", "乌鲁木齐", "拉萨", "呼和浩特", "滨海",
    ];

    /// <summary>
    /// Words that say what a company does, not which one it is: 中山食品 without its place would be just 食品 and
    /// "match" 北京食品, so a place is only taken off when something distinctive is left.
    /// </summary>
    private static readonly string[] GenericWords =
    [
        "食品", "饮料", "饮品", "乳业", "乳品", "粮油", "油脂", "调味品", "肉类", "肉食", "冷链", "物流", "包装", "农业", "农产品",
        "科技", "生物", "贸易", "商贸", "投资", "发展", "制品", "加工", "工业", "有限", "第一", "第二", "新",
    ];

    private static readonly string[] PlaceSuffixes = ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"];

    /// <summary>The two keys of a name; <see cref="Place"/> is the place that was taken off, if any.</summary>
    public sealed record NormalizedName(string Name, string Core, string? Place);

    public static NormalizedName Normalize(string? companyName)
    {
        if (string.IsNullOrWhiteSpace(companyName))
        {
            return new(string.Empty, string.Empty, null);
        }
        // NFKC folds full-width letters, digits and brackets to their ASCII forms.
        var text = companyName.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        text = OpenBracket().Replace(text, "(");
        text = CloseBracket().Replace(text, ")");
        text = ChinaInBrackets().Replace(text, string.Empty);

        string? place = null;
        var withPlaces = BracketContent().Replace(text, m => m.Groups[1].Value);
        var withoutPlaces = BracketContent().Replace(text, m =>
        {
            var inner = KeepLettersAndDigits(m.Groups[1].Value);
            if (LeadingPlace(inner) is { } p && p.Length == inner.Length)
            {
                place ??= inner;
                return string.Empty;
            }
            return m.Groups[1].Value;
        });

        var name = StripSuffixes(KeepLettersAndDigits(withPlaces));
        var core = StripSuffixes(KeepLettersAndDigits(withoutPlaces));
        if (LeadingPlace(core) is { } leading && IsDistinctive(core[leading.Length..]))
        {
            place ??= core[..leading.Length];
            core = StripSuffixes(core[leading.Length..]);
        }
        return new(name, core, place);
    }

    /// <summary>
    /// Sørensen–Dice coefficient over the character bigrams of two keys (single characters for one-character keys):
    /// 1 for equal, 0 for nothing in common.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }
        if (a == b)
        {
            return 1;
        }
        var left = Bigrams(a);
        var right = Bigrams(b);
        var remaining = right.ToList();
        var shared = 0;
        foreach (var gram in left)
        {
            var index = remaining.IndexOf(gram);
            if (index >= 0)
            {
                shared++;
                remaining.RemoveAt(index);
            }
        }
        return 2.0 * shared / (left.Count + right.Count);
    }

    public static List<string> Bigrams(string key)
    {
        if (key.Length < 2)
        {
            return [key];
        }
        var grams = new List<string>(key.Length - 1);
        for (var i = 0; i < key.Length - 1; i++)
        {
            grams.Add(key.Substring(i, 2));
        }
        return grams;
    }

    private static bool IsDistinctive(string rest)
    {
        foreach (var word in GenericWords.OrderByDescending(w => w.Length))
        {
            rest = rest.Replace(word, string.Empty, StringComparison.Ordinal);
        }
        return rest.Length >= 2;
    }

    private static string KeepLettersAndDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string StripSuffixes(string name)
    {
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var suffix in LegalSuffixes)
            {
                // Never strip a name down to nothing: a company called 集团 is still called 集团.
                if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    name = name[..^suffix.Length];
                    stripped = true;
                    break;
                }
            }
        }
        return name;
    }

    /// <summary>The leading place name of <paramref name="key"/>, with its 省/市 if written, or null.</summary>
    private static string? LeadingPlace(string key)
    {
        string? best = null;
        foreach (var place in Places)
        {
            if (key.StartsWith(place, StringComparison.Ordinal) && (best is null || place.Length > best.Length))
            {
                best = place;
            }
        }
        if (best is null)
        {
            return null;
        }
        foreach (var suffix in PlaceSuffixes)
        {
            if (key.AsSpan(best.Length).StartsWith(suffix, StringComparison.Ordinal))
            {
                return best + suffix;
            }
        }
        return best;
    }

    [GeneratedRegex(@"[\[【〔〖{「『]")]
    private static partial Regex OpenBracket();

    [GeneratedRegex(@"[\]】〕〗}」』]")]
    private static partial Regex CloseBracket();

    [GeneratedRegex(@"\(\s*(中国|china|prc)\s*\)")]
    private static partial Regex ChinaInBrackets();

    [GeneratedRegex(@"\(([^()]*)\)?")]
    private static partial Regex BracketContent();
}
