using System.Data;
using System.Globalization;

using Crm.Domain.Deals;
using Crm.Domain.Localization;

using MiniExcelLibs;

namespace Crm.Domain.Reviews;

/// <summary>
/// The review as an .xlsx a manager can send on: a summary laid out like a government progress table (指标, 目标, 完成,
/// 完成率), a sheet per desk, then the sections and the deal lists behind the figures. Every word is the catalogue's
/// in the export's culture ("Workbook.*", enum labels); investment is a number in <see cref="AmountFormat.TableUnit"/>
/// (万元 as in the district's tables, RMB M in English), exact to the yuan. MiniExcel writes data only: charts are
/// written as bars of text. The export's culture is the caller's (the request's, as every answer of the API).
/// </summary>
public static class ReviewWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<byte[]> WriteAsync(QuarterReview review, CultureInfo culture, CancellationToken ct)
    {
        var t = new Labels(culture);
        var sheets = new Dictionary<string, object>();
        var summary = review.Zone ?? review.Desks.Values.FirstOrDefault();
        if (summary is not null)
        {
            sheets[t["Summary"]] = FigureTable(t, summary);
        }
        foreach (var (desk, figures) in review.Desks)
        {
            sheets[t["DeskSheet", desk]] = FigureTable(t, figures);
        }
        sheets[t["Flows"]] = Table([t["Stage"], t["Deals"], t.Investment],
            review.Flows.Select(f => new object?[] { t.Of(f.Stage), f.Deals, t.Money(f.InvestmentYuan) }));
        sheets[t["Snapshot"]] = Table([t["Stage"], t["Status"], t["Deals"], t.Investment],
            review.Snapshot.Select(s => new object?[] { t.Of(s.Stage), t.Of(s.Status), s.Deals, t.Money(s.InvestmentYuan) }));
        sheets[t["ByMonth"]] = Table([t["Month"], t["Signed"], t.Investment],
            review.SignedByMonth.Select(m => new object?[] { Month(review.Year, m.Month), m.Deals, t.Money(m.InvestmentYuan) }));
        sheets[t["Channels"]] = Table([t["Dimension"], t["Channel"], t["LeadsCreated"], t["Signed"], t.Investment, t["LeadsThisYear"], t["LeadsThisYearSigned"], t["Conversion"]],
            Channels(t, t["BySource"], review.Channels.BySource, k => t.Label<DealSource>(k))
                .Concat(Channels(t, t["ByOrganization"], review.Channels.ByOrganization, null))
                .Concat(Channels(t, t["ByAdvisor"], review.Channels.ByAdvisor, null))
                .Concat(Channels(t, t["ByRegion"], review.Channels.ByRegion, k => t.Label<Region>(k))));
        sheets[t["Charts"]] = ChartTable(t, review);
        var r = review.Rates;
        sheets[t["Rates"]] = Table([t["Figure"], t["Value"]],
        [
            [t["SignedThisYear"], r.SignedThisYear], [t["OfWhichStarted"], r.OfWhichStarted], [t["OfWhichProducing"], r.OfWhichProducing],
            [t["StartedRate"], r.StartedRatePercent], [t["ProducingRate"], r.ProducingRatePercent],
            [t["DaysToStart"], r.AverageDaysSignedToStarted], [t["PlannedDaysToStart"], r.AveragePlannedDaysSignedToStarted],
            [t["DaysToProduce"], r.AverageDaysStartedToProducing], [t["PlannedDaysToProduce"], r.AveragePlannedDaysStartedToProducing],
            [t["SlippedStart"], review.Slipped.Start], [t["SlippedProduction"], review.Slipped.Production],
            [t["Stale", Jobs.WeeklyInspectionJob.StaleAfterDays], review.Stale],
        ]);
        if (review.Deals is { } lists)
        {
            sheets[t["SignedDeals"]] = DealTable(t, lists.Signed);
            sheets[t["StartedDeals"]] = DealTable(t, lists.Started);
            sheets[t["ProducingDeals"]] = DealTable(t, lists.Producing);
            sheets[t["LeadDeals"]] = DealTable(t, lists.Leads);
            sheets[t["SnapshotDeals"]] = DealTable(t, lists.Snapshot);
            sheets[t["SlippedStartDeals"]] = DealTable(t, lists.SlippedStart);
            sheets[t["SlippedProductionDeals"]] = DealTable(t, lists.SlippedProduction);
            sheets[t["StaleDeals"]] = DealTable(t, lists.Stale);
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        return stream.ToArray();
    }

    private static string Month(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year}-{month:00}");

    private static DataTable FigureTable(Labels t, FigureSet figures) =>
        Table([t["Figure"], t["Target"], t["Actual"], t["Attained"], t["Projected"]],
            figures.All().Select(f =>
            {
                var money = f.Name == nameof(FigureSet.SignedInvestmentYuan);
                return new object?[]
                {
                    FigureWords.Name(f.Name, t.Culture),
                    money ? t.Money(f.Figure.Target) : f.Figure.Target,
                    money ? t.Money(f.Figure.Actual) : f.Figure.Actual,
                    f.Figure.PercentAttained,
                    f.Figure.Projected is { } p ? (money ? t.Money(p) : p) : null,
                };
            }));

    private static IEnumerable<object?[]> Channels(Labels t, string dimension, IEnumerable<ChannelLine> lines, Func<string, string>? name) =>
        lines.Select(l => new object?[]
        {
            dimension, name?.Invoke(l.Key) ?? l.Name ?? l.Key, l.LeadsCreated, l.Signed, t.Money(l.InvestmentSignedYuan),
            l.LeadsThisYear, l.LeadsThisYearSigned, l.ConversionPercent,
        });

    private static DataTable DealTable(Labels t, IEnumerable<ReviewDeal> deals) =>
        Table([t["Id"], t["Title"], t["Company"], t["Desk"], t["Source"], t["Region"], t["Stage"], t["Status"], t.Investment, t["Date"], t["PlannedDate"],
                t["Major", AmountFormat.Amount(Targets.TargetFigures.MajorProjectYuan, t.Culture)], t["TopTier"], t["Expansion"]],
            deals.Select(d => new object?[]
            {
                d.Id, d.Title, d.Company, d.Desk, t.Of(d.Source), t.Of(d.Region),
                t.Of(d.Stage), t.Of(d.Status), t.Money(d.InvestmentYuan),
                d.On is { } on ? ZoneDates.Show(on) : null,
                d.PlannedOn is { } planned ? ZoneDates.Show(planned) : null,
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
        var scopes = (review.Zone is { } zone ? new[] { (t["Zone"], zone) } : [])
            .Concat(review.Desks.Select(d => (t["DeskSheet", d.Key], d.Value)));
        foreach (var (scope, figures) in scopes)
        {
            foreach (var (name, figure) in figures.All())
            {
                var money = name == nameof(FigureSet.SignedInvestmentYuan);
                var max = Math.Max(figure.Target, figure.Actual);
                object Value(long v) => money ? t.Money(v) : v;
                var figureName = FigureWords.Name(name, t.Culture);
                rows.Add([t["TargetVsActual"], $"{scope} · {figureName} · {t["Target"]}", Value(figure.Target), Bar(figure.Target, max)]);
                rows.Add([t["TargetVsActual"], $"{scope} · {figureName} · {t["Actual"]}", Value(figure.Actual), Bar(figure.Actual, max)]);
            }
        }
        var funnelMax = review.Flows.Select(f => (long)f.Deals).DefaultIfEmpty(0).Max();
        rows.AddRange(review.Flows.Select(f => new object?[] { t["Funnel"], t.Of(f.Stage), f.Deals, Bar(f.Deals, funnelMax) }));
        var monthMax = review.SignedByMonth.Select(m => m.InvestmentYuan).DefaultIfEmpty(0).Max();
        rows.AddRange(review.SignedByMonth.Select(m => new object?[]
        {
            t["ByMonth"], Month(review.Year, m.Month), t.Money(m.InvestmentYuan), Bar(m.InvestmentYuan, monthMax),
        }));
        return Table([t["Chart"], t["Item"], t["Value"], t["Bar"]], rows);
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

    /// <summary>The workbook's words in its culture: "Workbook.{key}" entries and the shared enum labels.</summary>
    private sealed class Labels(CultureInfo culture)
    {
        public CultureInfo Culture => culture;

        public string this[string key] => Catalogue.Text($"Workbook.{key}", culture);

        public string this[string key, object? arg] => Catalogue.Text($"Workbook.{key}", culture, arg);

        /// <summary>The investment column's header, with the unit its numbers are in.</summary>
        public string Investment => this["Investment", Catalogue.Text("Unit.TableHeader", culture)];

        public decimal Money(long yuan) => AmountFormat.TableNumber(yuan, culture);

        public string Of(Enum value) => Catalogue.Of(value, culture);

        /// <summary>A channel key that names an enum member reads as its label; anything else as it is.</summary>
        public string Label<TEnum>(string key) where TEnum : struct, Enum =>
            Enum.TryParse<TEnum>(key, out var value) ? Catalogue.Of(value, culture) : key;

        public string YesNo(bool value) => Catalogue.Text(value ? "Common.Yes" : "Common.No", culture);
    }
}
