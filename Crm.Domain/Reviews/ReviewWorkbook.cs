using System.Data;

using Crm.Domain.Data;
using Crm.Domain.Deals;

using Microsoft.EntityFrameworkCore;

using MiniExcelLibs;

namespace Crm.Domain.Reviews;

/// <summary>
/// The review as an .xlsx a manager can send on: a summary laid out like a government progress table (指标, 目标, 完成,
/// 完成率), a sheet per desk, then the sections and the deal lists behind the figures. Investment is in 万元 (yuan ÷
/// 10,000), as in the district's tables. MiniExcel writes data only: charts are not in the workbook.
/// </summary>
public sealed class ReviewWorkbook(CrmDbContext db)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Chinese = "zh-CN";
    public const string English = "en";

    /// <summary>An Accept-Language the caller sends wins (the browser's choice); otherwise the user's own setting.</summary>
    public async Task<string> LanguageForAsync(string userId, string? acceptLanguage, CancellationToken ct)
    {
        var first = acceptLanguage?.Split(',')[0].Trim();
        if (first is { Length: > 0 })
        {
            if (first.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
            if (first.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return Chinese;
            }
        }
        var language = await db.Users.Where(u => u.Id == userId).Select(u => u.Language).FirstOrDefaultAsync(ct);
        return language == English ? English : Chinese;
    }

    public async Task<byte[]> WriteAsync(QuarterReview review, string language, CancellationToken ct)
    {
        var t = new Labels(language == English);
        var sheets = new Dictionary<string, object>();
        var summary = review.Zone ?? review.Desks.Values.FirstOrDefault();
        if (summary is not null)
        {
            sheets[t.Summary] = FigureTable(t, summary);
        }
        foreach (var (desk, figures) in review.Desks)
        {
            sheets[$"{t.Desk}-{desk}"] = FigureTable(t, figures);
        }
        sheets[t.Flows] = Table([t.Stage, t.Deals, t.InvestmentWan],
            review.Flows.Select(f => new object?[] { t.StageName(f.Stage), f.Deals, Wan(f.InvestmentYuan) }));
        sheets[t.Snapshot] = Table([t.Stage, t.Status, t.Deals, t.InvestmentWan],
            review.Snapshot.Select(s => new object?[] { t.StageName(s.Stage), t.StatusName(s.Status), s.Deals, Wan(s.InvestmentYuan) }));
        sheets[t.ByMonth] = Table([t.Month, t.Signed, t.InvestmentWan],
            review.SignedByMonth.Select(m => new object?[] { $"{review.Year}-{m.Month:00}", m.Deals, Wan(m.InvestmentYuan) }));
        sheets[t.Channels] = Table([t.Dimension, t.Channel, t.LeadsCreated, t.Signed, t.InvestmentWan, t.LeadsThisYear, t.LeadsThisYearSigned, t.Conversion],
            Channels(t.BySource, review.Channels.BySource, k => t.SourceName(k))
                .Concat(Channels(t.ByOrganization, review.Channels.ByOrganization, null))
                .Concat(Channels(t.ByAdvisor, review.Channels.ByAdvisor, null))
                .Concat(Channels(t.ByRegion, review.Channels.ByRegion, k => t.RegionName(k))));
        sheets[t.Charts] = ChartTable(t, review);
        var r = review.Rates;
        sheets[t.Rates] = Table([t.Figure, t.Value],
        [
            [t.SignedThisYear, r.SignedThisYear], [t.OfWhichStarted, r.OfWhichStarted], [t.OfWhichProducing, r.OfWhichProducing],
            [t.StartedRate, r.StartedRatePercent], [t.ProducingRate, r.ProducingRatePercent],
            [t.DaysToStart, r.AverageDaysSignedToStarted], [t.PlannedDaysToStart, r.AveragePlannedDaysSignedToStarted],
            [t.DaysToProduce, r.AverageDaysStartedToProducing], [t.PlannedDaysToProduce, r.AveragePlannedDaysStartedToProducing],
            [t.SlippedStart, review.Slipped.Start], [t.SlippedProduction, review.Slipped.Production], [t.Stale, review.Stale],
        ]);
        if (review.Deals is { } lists)
        {
            sheets[t.SignedDeals] = DealTable(t, lists.Signed);
            sheets[t.StartedDeals] = DealTable(t, lists.Started);
            sheets[t.ProducingDeals] = DealTable(t, lists.Producing);
            sheets[t.LeadDeals] = DealTable(t, lists.Leads);
            sheets[t.SnapshotDeals] = DealTable(t, lists.Snapshot);
            sheets[t.SlippedStartDeals] = DealTable(t, lists.SlippedStart);
            sheets[t.SlippedProductionDeals] = DealTable(t, lists.SlippedProduction);
            sheets[t.StaleDeals] = DealTable(t, lists.Stale);
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        return stream.ToArray();
    }

    /// <summary>万元 with up to four decimals, so no yuan is lost in the table.</summary>
    public static decimal Wan(long yuan) => yuan / 10_000m;

    private static DataTable FigureTable(Labels t, FigureSet figures) =>
        Table([t.Figure, t.Target, t.Actual, t.Attained, t.Projected],
            figures.All().Select(f =>
            {
                var money = f.Name == nameof(FigureSet.SignedInvestmentYuan);
                return new object?[]
                {
                    t.FigureName(f.Name),
                    money ? Wan(f.Figure.Target) : f.Figure.Target,
                    money ? Wan(f.Figure.Actual) : f.Figure.Actual,
                    f.Figure.PercentAttained,
                    f.Figure.Projected is { } p ? (money ? Wan(p) : p) : null,
                };
            }));

    private static IEnumerable<object?[]> Channels(string dimension, IEnumerable<ChannelLine> lines, Func<string, string>? name) =>
        lines.Select(l => new object?[]
        {
            dimension, name?.Invoke(l.Key) ?? l.Name ?? l.Key, l.LeadsCreated, l.Signed, Wan(l.InvestmentSignedYuan),
            l.LeadsThisYear, l.LeadsThisYearSigned, l.ConversionPercent,
        });

    private static DataTable DealTable(Labels t, IEnumerable<ReviewDeal> deals) =>
        Table([t.Id, t.Title, t.Company, t.Desk, t.Source, t.Region, t.Stage, t.Status, t.InvestmentWan, t.Date, t.PlannedDate, t.Major, t.TopTier, t.Expansion],
            deals.Select(d => new object?[]
            {
                d.Id, d.Title, d.Company, d.Desk, t.SourceName(d.Source.ToString()), t.RegionName(d.Region.ToString()),
                t.StageName(d.Stage), t.StatusName(d.Status), Wan(d.InvestmentYuan),
                d.On?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                d.PlannedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                t.YesNo(d.IsMajor), t.YesNo(d.IsTopTier), t.YesNo(d.IsExpansion),
            }));

    public const int BarWidth = 20;

    /// <summary>
    /// The page's charts as bars of text (MiniExcel cannot draw charts): target vs actual per figure for the zone
    /// and each desk, the funnel Lead → AtCapacity, and the signed investment by month. Readable in any
    /// spreadsheet program, printed or sent on; each bar is scaled to the largest value of its chart.
    /// </summary>
    private static DataTable ChartTable(Labels t, QuarterReview review)
    {
        var rows = new List<object?[]>();
        var scopes = (review.Zone is { } zone ? new[] { (t.Zone, zone) } : [])
            .Concat(review.Desks.Select(d => ($"{t.Desk}-{d.Key}", d.Value)));
        foreach (var (scope, figures) in scopes)
        {
            foreach (var (name, figure) in figures.All())
            {
                var money = name == nameof(FigureSet.SignedInvestmentYuan);
                var max = Math.Max(figure.Target, figure.Actual);
                object Value(long v) => money ? Wan(v) : v;
                rows.Add([t.TargetVsActual, $"{scope} · {t.FigureName(name)} · {t.Target}", Value(figure.Target), Bar(figure.Target, max)]);
                rows.Add([t.TargetVsActual, $"{scope} · {t.FigureName(name)} · {t.Actual}", Value(figure.Actual), Bar(figure.Actual, max)]);
            }
        }
        var funnelMax = review.Flows.Select(f => (long)f.Deals).DefaultIfEmpty(0).Max();
        rows.AddRange(review.Flows.Select(f => new object?[] { t.Funnel, t.StageName(f.Stage), f.Deals, Bar(f.Deals, funnelMax) }));
        var monthMax = review.SignedByMonth.Select(m => m.InvestmentYuan).DefaultIfEmpty(0).Max();
        rows.AddRange(review.SignedByMonth.Select(m => new object?[]
        {
            t.ByMonth, $"{review.Year}-{m.Month:00}", Wan(m.InvestmentYuan), Bar(m.InvestmentYuan, monthMax),
        }));
        return Table([t.Chart, t.Item, t.Value, t.Bar], rows);
    }

    /// <summary>A bar of <see cref="BarWidth"/> cells at most; any value above zero shows at least one.</summary>
    public static string Bar(long value, long max) =>
        value <= 0 || max <= 0 ? "" : new string('█', Math.Max(1, (int)Math.Round((double)BarWidth * value / max, MidpointRounding.AwayFromZero)));

    /// <summary>A table whose header row is written even when it has no rows.</summary>
    private static DataTable Table(string[] columns, IEnumerable<object?[]> rows)
    {
        var table = new DataTable();
        foreach (var column in columns)
        {
            table.Columns.Add(column, typeof(object));
        }
        foreach (var row in rows)
        {
            table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        }
        return table;
    }

    private sealed class Labels(bool en)
    {
        public string Summary => en ? "Summary" : "汇总";
        public string Charts => en ? "Charts" : "图表";
        public string Chart => en ? "Chart" : "图表";
        public string Item => en ? "Item" : "项目";
        public string Bar => en ? "Bar" : "图示";
        public string Zone => en ? "Zone" : "全区";
        public string TargetVsActual => en ? "Target vs actual" : "目标与完成";
        public string Funnel => en ? "Funnel" : "项目漏斗";
        public string Flows => en ? "Flows" : "本季流量";
        public string Snapshot => en ? "Snapshot" : "季末存量";
        public string Channels => en ? "Channels" : "渠道与地区";
        public string ByMonth => en ? "Signed by month" : "逐月签约";
        public string Month => en ? "Month" : "月份";
        public string Rates => en ? "Rates" : "转化与进度";
        public string SignedDeals => en ? "Signed deals" : "签约项目";
        public string StartedDeals => en ? "Started deals" : "开工项目";
        public string ProducingDeals => en ? "Producing deals" : "投产项目";
        public string LeadDeals => en ? "New leads" : "新增线索";
        public string SnapshotDeals => en ? "Snapshot deals" : "季末项目明细";
        public string SlippedStartDeals => en ? "Slipped start" : "开工滞后";
        public string SlippedProductionDeals => en ? "Slipped production" : "投产滞后";
        public string StaleDeals => en ? "Stale deals" : "停滞项目";

        public string Figure => en ? "Figure" : "指标";
        public string Target => en ? "Target" : "目标";
        public string Actual => en ? "Actual" : "完成";
        public string Attained => en ? "Attained (%)" : "完成率(%)";
        public string Projected => en ? "Projected" : "预计完成";
        public string Value => en ? "Value" : "数值";
        public string Stage => en ? "Stage" : "阶段";
        public string Status => en ? "Status" : "状态";
        public string Deals => en ? "Deals" : "项目数";
        public string InvestmentWan => en ? "Investment (RMB 10k)" : "投资额(万元)";
        public string Dimension => en ? "By" : "维度";
        public string Channel => en ? "Channel" : "渠道";
        public string LeadsCreated => en ? "Leads created" : "新增线索";
        public string Signed => en ? "Signed" : "签约";
        public string LeadsThisYear => en ? "Leads this year" : "本年线索";
        public string LeadsThisYearSigned => en ? "Of which signed" : "其中已签约";
        public string Conversion => en ? "Conversion (%)" : "转化率(%)";
        public string BySource => en ? "Source" : "来源";
        public string ByOrganization => en ? "Organisation" : "商协会";
        public string ByAdvisor => en ? "Advisor" : "招商顾问";
        public string ByRegion => en ? "Region" : "地区";
        public string SignedThisYear => en ? "Signed this year" : "本年签约";
        public string OfWhichStarted => en ? "of which started" : "其中已开工";
        public string OfWhichProducing => en ? "of which producing" : "其中已投产";
        public string StartedRate => en ? "Started rate (%)" : "开工率(%)";
        public string ProducingRate => en ? "Producing rate (%)" : "投产率(%)";
        public string DaysToStart => en ? "Avg days signed → started" : "签约至开工平均天数";
        public string PlannedDaysToStart => en ? "Agreed days signed → start" : "协议约定签约至开工天数";
        public string DaysToProduce => en ? "Avg days started → producing" : "开工至投产平均天数";
        public string PlannedDaysToProduce => en ? "Agreed days start → production" : "协议约定开工至投产天数";
        public string SlippedStart => en ? "Slipped start" : "开工滞后";
        public string SlippedProduction => en ? "Slipped production" : "投产滞后";
        public string Stale => en ? "Stale (30 days)" : "30天无跟进";
        public string Id => en ? "Id" : "编号";
        public string Title => en ? "Project" : "项目";
        public string Company => en ? "Company" : "企业";
        public string Desk => en ? "Desk" : "驻点";
        public string Source => en ? "Source" : "来源";
        public string Region => en ? "Region" : "地区";
        public string Date => en ? "Date" : "日期";
        public string PlannedDate => en ? "Agreed date" : "协议日期";
        public string Major => en ? "≥ RMB 500m" : "5亿元以上";
        public string TopTier => en ? "Top-tier" : "500强/上市";
        public string Expansion => en ? "Expansion" : "增资扩产";

        public string YesNo(bool value) => value ? (en ? "yes" : "是") : (en ? "no" : "否");

        public string FigureName(string name) => (name, en) switch
        {
            (nameof(FigureSet.Signed), true) => "Deals signed",
            (nameof(FigureSet.Signed), false) => "签约项目(个)",
            (nameof(FigureSet.Started), true) => "Deals started",
            (nameof(FigureSet.Started), false) => "开工项目(个)",
            (nameof(FigureSet.Producing), true) => "Deals producing",
            (nameof(FigureSet.Producing), false) => "投产项目(个)",
            (nameof(FigureSet.SignedInvestmentYuan), true) => "Signed investment (RMB 10k)",
            (nameof(FigureSet.SignedInvestmentYuan), false) => "签约投资额(万元)",
            (nameof(FigureSet.MajorProjects), true) => "Projects ≥ RMB 500m",
            (nameof(FigureSet.MajorProjects), false) => "5亿元以上项目(个)",
            (nameof(FigureSet.TopTierCompanies), true) => "Top-tier companies",
            (nameof(FigureSet.TopTierCompanies), false) => "500强及上市公司(个)",
            _ => name,
        };

        public string StageName(DealStage stage) => en ? stage.ToString() : stage switch
        {
            DealStage.Lead => "线索",
            DealStage.Contacted => "接洽",
            DealStage.Negotiating => "洽谈/选址",
            DealStage.Signed => "签约",
            DealStage.Started => "开工",
            DealStage.Producing => "投产",
            DealStage.AtCapacity => "达产",
            _ => stage.ToString(),
        };

        public string StatusName(DealStatus status) => en ? status.ToString() : status switch
        {
            DealStatus.Active => "正常",
            DealStatus.Dormant => "搁置",
            DealStatus.Lost => "放弃",
            DealStatus.Withdrawn => "退出",
            _ => status.ToString(),
        };

        public string SourceName(string source) => en ? source : source switch
        {
            nameof(DealSource.Desk) => "驻点招商",
            nameof(DealSource.HometownAssociation) => "老乡会",
            nameof(DealSource.BusinessAssociation) => "商会协会",
            nameof(DealSource.Advisor) => "招商顾问",
            nameof(DealSource.EnterpriseReferral) => "以商招商",
            nameof(DealSource.Direct) => "直接来访",
            _ => "其他",
        };

        public string RegionName(string region) => en ? region : region switch
        {
            nameof(Crm.Domain.Deals.Region.YangtzeRiverDelta) => "长三角",
            nameof(Crm.Domain.Deals.Region.PearlRiverDelta) => "珠三角",
            nameof(Crm.Domain.Deals.Region.BohaiRim) => "环渤海",
            _ => "其他",
        };
    }
}
