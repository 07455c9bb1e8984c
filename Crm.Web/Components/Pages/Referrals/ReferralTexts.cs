using System.Globalization;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Referrals;

namespace Crm.Web.Components.Pages.Referrals;

/// <summary>
/// The referral pages' words, Simplified Chinese first and English beside it, picked by the UI culture. When the
/// app gets resource files these move there unchanged (one key per string).
/// </summary>
public static class ReferralTexts
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new()
    {
        ["Portal"] = ("我的推荐", "My referrals"),
        ["Submit"] = ("推荐企业", "Refer a company"),
        ["CompanyName"] = ("企业名称", "Company name"),
        ["CreditCode"] = ("统一社会信用代码（可选）", "Unified social credit code (optional)"),
        ["ContactName"] = ("联系人", "Contact"),
        ["ContactPhone"] = ("联系电话", "Phone"),
        ["ContactEmail"] = ("电子邮箱", "Email"),
        ["Region"] = ("来源地区", "Region"),
        ["Segment"] = ("行业", "Segment"),
        ["Estimated"] = ("预计投资（万元）", "Estimated investment (10k yuan)"),
        ["Notes"] = ("情况说明", "What you know"),
        ["Send"] = ("提交", "Submit"),
        ["Sent"] = ("已提交，谢谢！", "Submitted, thank you!"),
        ["Results"] = ("我的成果", "My results"),
        ["Submitted"] = ("已提交", "Submitted"),
        ["Accepted"] = ("已采纳", "Accepted"),
        ["Declined"] = ("未采纳", "Declined"),
        ["Duplicate"] = ("重复", "Duplicate"),
        ["Signed"] = ("已签约", "Signed"),
        ["Started"] = ("已开工", "Started"),
        ["Producing"] = ("已投产", "Producing"),
        ["Progress"] = ("项目进展", "Deal progress"),
        ["Reason"] = ("说明", "Reason"),
        ["None"] = ("还没有推荐。", "No referrals yet."),
        ["Triage"] = ("推荐分拣", "Referral triage"),
        ["Queue"] = ("待处理", "Waiting"),
        ["Empty"] = ("没有待处理的推荐。", "Nothing waiting."),
        ["From"] = ("推荐人", "Referred by"),
        ["PossibleDuplicates"] = ("可能重复", "Possible duplicates"),
        ["NoDuplicates"] = ("未发现重复。", "No duplicates found."),
        ["Owner"] = ("负责人", "Owner"),
        ["Desk"] = ("招商小组", "Desk"),
        ["Accept"] = ("采纳", "Accept"),
        ["Decline"] = ("不采纳", "Decline"),
        ["MarkDuplicate"] = ("标为重复", "Mark duplicate"),
        ["DeclineReason"] = ("不采纳的理由", "Reason for declining"),
        ["Done"] = ("已处理", "Done"),
        ["Stale"] = ("该推荐已被他人处理，已刷新。", "Someone else decided meanwhile; reloaded."),
        ["Error"] = ("未能完成：", "Could not complete: "),
    };

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string key) => Texts.TryGetValue(key, out var text) ? (IsEnglish ? text.En : text.Zh) : key;

    public static string Status(ReferralStatus status) => T(status.ToString());

    public static string Progress(ReferralProgress progress) => IsEnglish ? progress.ToString() : progress switch
    {
        ReferralProgress.Lead => "线索",
        ReferralProgress.Contacted => "接洽",
        ReferralProgress.Negotiating => "洽谈/选址",
        ReferralProgress.Signed => "签约",
        ReferralProgress.Started => "开工",
        ReferralProgress.Producing => "投产",
        ReferralProgress.AtCapacity => "达产",
        _ => "已关闭",
    };

    public static string Region(Region region) => IsEnglish ? region.ToString() : region switch
    {
        Domain.Deals.Region.YangtzeRiverDelta => "长三角",
        Domain.Deals.Region.PearlRiverDelta => "珠三角",
        Domain.Deals.Region.BohaiRim => "环渤海",
        _ => "其他",
    };

    public static string Segment(Segment segment) => IsEnglish ? segment.ToString() : segment switch
    {
        Domain.Deals.Segment.GrainAndOil => "粮油",
        Domain.Deals.Segment.Beverages => "饮料",
        Domain.Deals.Segment.Dairy => "乳品",
        Domain.Deals.Segment.BakedGoodsAndSnacks => "焙烤及休闲食品",
        Domain.Deals.Segment.Meat => "肉制品",
        Domain.Deals.Segment.Condiments => "调味品",
        Domain.Deals.Segment.HealthFood => "保健食品",
        Domain.Deals.Segment.ColdChainLogistics => "冷链物流",
        Domain.Deals.Segment.Packaging => "包装",
        _ => "其他",
    };

    /// <summary>The duplicate notice an advisor or recruiter may read: desk and date only.</summary>
    public static string Notice(DuplicateLevel level, DuplicateKind kind, string? desk, DateOnly since)
    {
        if (IsEnglish)
        {
            return DuplicateNotice.MessageOf(level, kind, desk, since);
        }
        var what = kind switch
        {
            DuplicateKind.Deal => $"{desk} 小组自 {since:yyyy-MM-dd} 起已在跟进",
            DuplicateKind.Referral => $"自 {since:yyyy-MM-dd} 起已有人推荐",
            _ => $"自 {since:yyyy-MM-dd} 起已在企业库中",
        };
        return level switch
        {
            DuplicateLevel.Certain => $"信用代码相同：{what}。",
            DuplicateLevel.Strong => $"企业名称相同：{what}。",
            DuplicateLevel.Likely => $"很可能是同一企业（仅地名不同）：{what}。",
            _ => $"名称相近：{what}。",
        };
    }

    public static string Reason(DuplicateMatch match) => (IsEnglish, match.Reason) switch
    {
        (true, DuplicateReason.SameCreditCode) => "same credit code",
        (true, DuplicateReason.SameName) => "same normalised name",
        (true, DuplicateReason.SameNameApartFromPlace) => $"same name apart from the place {match.Place}",
        (true, _) => $"similar name ({match.Similarity:P0})",
        (false, DuplicateReason.SameCreditCode) => "信用代码相同",
        (false, DuplicateReason.SameName) => "规范化名称相同",
        (false, DuplicateReason.SameNameApartFromPlace) => $"仅地名（{match.Place}）不同",
        _ => $"名称相近（{match.Similarity:P0}）",
    };

    public static string Yuan(long? yuan) => yuan is not { } y ? "—"
        : y >= 100_000_000 ? $"{y / 100_000_000m:0.##} 亿元" : $"{y / 10_000m:0.##} 万元";
}
