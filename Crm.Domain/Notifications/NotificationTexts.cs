using System.Globalization;
using Crm.Domain.Deals;

namespace Crm.Domain.Notifications;

/// <summary>
/// Every notification text in both languages, in one place. A user's <c>Language</c> is "zh-CN" or "en";
/// anything else reads Chinese, the zone's language.
/// </summary>
public static class NotificationTexts
{
    public const string English = "en";

    public static bool IsEnglish(string? language) => string.Equals(language, English, StringComparison.OrdinalIgnoreCase);

    private static string Pick(string? language, string zh, string en) => IsEnglish(language) ? en : zh;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static (string Title, string Body) FollowUpDue(string? language, string deal, DateOnly on, bool today) => (
        Pick(language, $"跟进提醒：{deal}", $"Follow-up due: {deal}"),
        Pick(language,
            $"项目「{deal}」的下次跟进日期是{(today ? "今天" : "明天")}（{Date(on)}）。",
            $"The next follow-up of \"{deal}\" is due {(today ? "today" : "tomorrow")} ({Date(on)})."));

    public static (string Title, string Body) FollowUpOverdue(string? language, string deal, DateOnly on, int days) => (
        Pick(language, $"跟进已逾期：{deal}", $"Follow-up overdue: {deal}"),
        Pick(language,
            $"项目「{deal}」的跟进日期 {Date(on)} 已过 {days} 天，尚未记录新的跟进。",
            $"The follow-up of \"{deal}\" was due on {Date(on)}, {days} day(s) ago, and no new contact has been logged."));

    public static (string Title, string Body) FollowUpEscalated(string? language, string deal, string owner, DateOnly on, int days) => (
        Pick(language, $"跟进逾期超过3天：{deal}", $"Follow-up overdue more than 3 days: {deal}"),
        Pick(language,
            $"{owner} 负责的项目「{deal}」跟进日期 {Date(on)} 已逾期 {days} 天。",
            $"\"{deal}\", owned by {owner}, has a follow-up overdue since {Date(on)} ({days} days)."));

    public static string Milestone(string? language, DealStage milestone) => (milestone, IsEnglish(language)) switch
    {
        (DealStage.Started, false) => "开工",
        (DealStage.Started, true) => "construction start",
        (_, false) => "投产",
        (_, true) => "production start",
    };

    public static (string Title, string Body) MilestoneDue(string? language, string deal, DealStage milestone, DateOnly planned) => (
        Pick(language, $"限时办结：{deal} 即将到{Milestone(language, milestone)}日期", $"Milestone due: {deal}"),
        Pick(language,
            $"项目「{deal}」协议约定的{Milestone(language, milestone)}日期为 {Date(planned)}（7天内），尚未达到该阶段。",
            $"The agreement of \"{deal}\" plans its {Milestone(language, milestone)} on {Date(planned)} (within 7 days); the deal has not reached it."));

    public static (string Title, string Body) MilestonePassed(string? language, string deal, DealStage milestone, DateOnly planned) => (
        Pick(language, $"限时办结：{deal} 已超过{Milestone(language, milestone)}日期", $"Milestone missed: {deal}"),
        Pick(language,
            $"项目「{deal}」协议约定的{Milestone(language, milestone)}日期 {Date(planned)} 已过，尚未达到该阶段。",
            $"The agreement of \"{deal}\" planned its {Milestone(language, milestone)} on {Date(planned)}; that date has passed and the deal has not reached it."));

    public static string DigestTitle(string? language, DateOnly on) =>
        Pick(language, $"日报告 {Date(on)}", $"Daily digest {Date(on)}");

    public static string DigestChangesHeading(string? language) => Pick(language, "今日变更：", "Changed today:");

    public static string DigestDueHeading(string? language, DateOnly on) =>
        Pick(language, $"明天（{Date(on)}）待跟进：", $"Due tomorrow ({Date(on)}):");

    public static string DigestStageLine(string? language, string deal, string from, string to) =>
        Pick(language, $"- {deal}：{from} → {to}", $"- {deal}: {from} → {to}");

    public static string DigestActivityLine(string? language, string deal, string summary) =>
        Pick(language, $"- {deal}：跟进记录「{summary}」", $"- {deal}: activity \"{summary}\"");

    public static string DigestEditedLine(string? language, string deal) =>
        Pick(language, $"- {deal}：项目资料已更新", $"- {deal}: details updated");

    public static string Stage(string? language, DealStage stage) => IsEnglish(language) ? stage.ToString() : stage switch
    {
        DealStage.Lead => "线索",
        DealStage.Contacted => "接洽",
        DealStage.Negotiating => "洽谈",
        DealStage.Signed => "签约",
        DealStage.Started => "开工",
        DealStage.Producing => "投产",
        DealStage.AtCapacity => "达产",
        _ => stage.ToString(),
    };

    public static string Status(string? language, DealStatus status) => IsEnglish(language) ? status.ToString() : status switch
    {
        DealStatus.Active => "正常",
        DealStatus.Dormant => "搁置",
        DealStatus.Lost => "放弃",
        DealStatus.Withdrawn => "退出",
        _ => status.ToString(),
    };

    public static string InspectionTitle(string? language, string week) =>
        Pick(language, $"周巡查 {week}", $"Weekly inspection {week}");

    public static string InspectionLine(string? language, string desk, int stale, int slipped, int overdue) =>
        Pick(language,
            $"- {desk}：停滞项目（30天无跟进）{stale} 个，逾期节点 {slipped} 个，逾期跟进 {overdue} 个",
            $"- {desk}: stale deals (no activity for 30 days) {stale}, slipped milestones {slipped}, overdue follow-ups {overdue}");

    public static (string Title, string Body) ReferralDecided(string? language, string company, Referrals.ReferralStatus status, string? reason) =>
        (Pick(language, $"推荐项目有了结果：{company}", $"Your referral was decided: {company}"),
         (status, IsEnglish(language)) switch
         {
             (Referrals.ReferralStatus.Accepted, false) => $"您推荐的{company}已被受理，进入招商项目库。",
             (Referrals.ReferralStatus.Accepted, true) => $"{company} was accepted and is now a project of the zone.",
             (Referrals.ReferralStatus.Duplicate, false) => $"{company}已由开发区跟进，本次推荐记为重复。{reason}",
             (Referrals.ReferralStatus.Duplicate, true) => $"The zone already follows {company}; this referral is a duplicate. {reason}",
             (_, false) => $"{company}的推荐未被受理。原因：{reason}",
             (_, true) => $"The referral of {company} was declined. Reason: {reason}",
         });
}
