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

    public static string FigureName(string? language, string figure) => (figure, IsEnglish(language)) switch
    {
        ("Signed", true) => "Deals signed",
        ("Signed", false) => "签约项目(个)",
        ("Started", true) => "Deals started",
        ("Started", false) => "开工项目(个)",
        ("Producing", true) => "Deals producing",
        ("Producing", false) => "投产项目(个)",
        ("SignedInvestmentYuan", true) => "Signed investment (RMB 10k)",
        ("SignedInvestmentYuan", false) => "签约投资额(万元)",
        ("MajorProjects", true) => "Projects ≥ RMB 500m",
        ("MajorProjects", false) => "5亿元以上项目(个)",
        ("TopTierCompanies", true) => "Top-tier companies",
        ("TopTierCompanies", false) => "500强及上市公司(个)",
        _ => figure,
    };

    /// <summary>Investment figures are shown in 万元 (yuan ÷ 10,000, up to four decimals: no yuan is lost).</summary>
    private static string Amount(string figure, long value) => figure == "SignedInvestmentYuan"
        ? (value / 10_000m).ToString("#,0.####", CultureInfo.InvariantCulture)
        : value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>One figure: target, actual and the share attained ("—" without a target).</summary>
    public static string FigureLine(string? language, string figure, long target, long actual, decimal? percent)
    {
        var attained = percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
        return Pick(language,
            $"  {FigureName(language, figure)}：目标 {Amount(figure, target)}，实际 {Amount(figure, actual)}，完成率 {attained}",
            $"  {FigureName(language, figure)}: target {Amount(figure, target)}, actual {Amount(figure, actual)}, {attained} attained");
    }

    /// <summary>One figure of a quarter's targets (no actual yet).</summary>
    public static string TargetLine(string? language, string figure, long target) =>
        Pick(language, $"  {FigureName(language, figure)}：{Amount(figure, target)}", $"  {FigureName(language, figure)}: {Amount(figure, target)}");

    public static string Quarter(string? language, int year, int quarter) =>
        Pick(language, $"{year}年第{quarter}季度", $"Q{quarter} {year}");

    public static string ZoneHeading(string? language) => Pick(language, "全区：", "Zone:");

    public static string DeskHeading(string? language, string desk) => Pick(language, $"{desk}：", $"{desk}:");

    public static string RankingHeading(string? language) =>
        Pick(language, "小组排名（按签约项目数，再按签约投资额）：", "Desks ranked (by deals signed, then signed investment):");

    public static string RankingLine(string? language, int rank, string desk, long signed, long yuan) =>
        Pick(language,
            $"  {rank}. {desk}：签约 {signed} 个，签约投资 {Amount("SignedInvestmentYuan", yuan)} 万元",
            $"  {rank}. {desk}: {signed} signed, investment signed {Amount("SignedInvestmentYuan", yuan)} (RMB 10k)");

    public static string TenDayTitle(string? language, string period) => Pick(language, $"旬考核 {period}", $"Ten-day assessment {period}");

    public static string TenDayIntro(string? language, int year, int quarter, DateOnly asOf) =>
        Pick(language,
            $"{Quarter(language, year, quarter)}目标完成进度（截至 {Date(asOf)}）。",
            $"Progress against the targets of {Quarter(language, year, quarter)} (as of {Date(asOf)}).");

    public static string DeskRank(string? language, string desk, int rank, int of) =>
        Pick(language, $"{desk}在 {of} 个小组中排名第 {rank}。", $"{desk} ranks {rank} of {of} desks.");

    public static string TargetsTitle(string? language, int year, int quarter) =>
        Pick(language, $"{Quarter(language, year, quarter)}目标任务", $"Targets for {Quarter(language, year, quarter)}");

    public static string TargetsIntro(string? language, string desk, int year, int quarter) =>
        Pick(language, $"{desk}{Quarter(language, year, quarter)}的目标任务：", $"The targets of {desk} for {Quarter(language, year, quarter)}:");

    public static string TargetsNotSet(string? language) =>
        Pick(language, "本季度的目标尚未设定，请联系管理人员。", "No targets have been set for this quarter yet; ask a manager.");

    public static string ClosingTitle(string? language, int year, int quarter) =>
        Pick(language, $"{Quarter(language, year, quarter)}目标完成情况（季末）", $"Closing figures of {Quarter(language, year, quarter)}");

    public static string ClosingIntro(string? language, int year, int quarter, DateOnly from, DateOnly to) =>
        Pick(language,
            $"{Quarter(language, year, quarter)}（{Date(from)} 至 {Date(to)}）目标与实际完成：",
            $"Targets against actuals of {Quarter(language, year, quarter)} ({Date(from)} to {Date(to)}):");
}
