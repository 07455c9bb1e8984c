using System.Globalization;
using System.Resources;
using Crm.Domain.Localization;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Referrals;

namespace Crm.Web.Components.Pages.Referrals;

/// <summary>
/// The referral pages' words from the UI's resources (keys "Referral.*"), and the shared labels of stages,
/// regions and segments; the duplicate sentences with their dates and places stay composed here.
/// </summary>
public static class ReferralTexts
{
    private static readonly ResourceManager Resources = new(typeof(Texts));

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>A referral page's word from the UI's resources ("Referral.{key}").</summary>
    public static string T(string key) => Label($"Referral.{key}");

    private static string Label(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Status(ReferralStatus status) => T(status.ToString());

    public static string Progress(ReferralProgress progress) =>
        Enum.TryParse<DealStage>(progress.ToString(), out var stage) ? Label($"DealStage.{stage}") : T("Closed");

    public static string Region(Region region) => Label($"Region.{region}");

    public static string Segment(Segment segment) => Label($"Segment.{segment}");

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

    public static string Yuan(long? yuan) => Crm.Domain.Localization.AmountFormat.Amount(yuan);
}
