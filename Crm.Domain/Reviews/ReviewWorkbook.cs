using System.Globalization;
using System.Runtime.CompilerServices;

using Crm.Domain.Deals;
using Crm.Domain.Localization;

using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

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

    /// <summary>
    /// Writes the workbook of <paramref name="review"/> to <paramref name="output"/> as it is produced: the small sheets
    /// from the review, then each deal list read from <paramref name="deals"/> row by row while its sheet is written
    /// (no list, table or copy of the file is held in memory). <paramref name="output"/> may be a response body that
    /// takes only asynchronous writes.
    /// </summary>
    public static async Task WriteAsync(QuarterReview review, Func<ReviewLists, IAsyncEnumerable<ReviewDeal>> deals, CultureInfo culture,
        Stream output, CancellationToken ct)
    {
        var t = new Labels(culture);
        var sheets = new Dictionary<string, object>();
        var summary = review.Zone ?? review.Desks.Values.FirstOrDefault();
        if (summary is not null)
        {
            sheets[t["Summary"]] = FigureRows(t, summary);
        }
        foreach (var (desk, figures) in review.Desks)
        {
            sheets[t["DeskSheet", desk]] = FigureRows(t, figures);
        }
        sheets[t["Flows"]] = review.Flows.Select(f => new FlowRow(t.Of(f.Stage), f.Deals, t.Money(f.InvestmentYuan))).ToList();
        sheets[t["Snapshot"]] = review.Snapshot.Select(s => new SnapshotRow(t.Of(s.Stage), t.Of(s.Status), s.Deals, t.Money(s.InvestmentYuan))).ToList();
        sheets[t["ByMonth"]] = review.SignedByMonth.Select(m => new MonthRow(Month(review.Year, m.Month), m.Deals, t.Money(m.InvestmentYuan))).ToList();
        sheets[t["Channels"]] = Channels(t, t["BySource"], review.Channels.BySource, k => t.Label<DealSource>(k))
            .Concat(Channels(t, t["ByOrganization"], review.Channels.ByOrganization, null))
            .Concat(Channels(t, t["ByAdvisor"], review.Channels.ByAdvisor, null))
            .Concat(Channels(t, t["ByRegion"], review.Channels.ByRegion, k => t.Label<Region>(k)))
            .ToList();
        sheets[t["Charts"]] = ChartRows(t, review);
        var r = review.Rates;
        sheets[t["Rates"]] = new List<RateRow>
        {
            new(t["SignedThisYear"], r.SignedThisYear), new(t["OfWhichStarted"], r.OfWhichStarted), new(t["OfWhichProducing"], r.OfWhichProducing),
            t.Rate(ReviewRates.StartedRate, r.StartedRatePercent), t.Rate(ReviewRates.ProducingRate, r.ProducingRatePercent),
            new(t["DaysToStart"], (decimal?)r.AverageDaysSignedToStarted), new(t["PlannedDaysToStart"], (decimal?)r.AveragePlannedDaysSignedToStarted),
            new(t["DaysToProduce"], (decimal?)r.AverageDaysStartedToProducing), new(t["PlannedDaysToProduce"], (decimal?)r.AveragePlannedDaysStartedToProducing),
            new(t["SlippedStart"], review.Slipped.Start), new(t["SlippedProduction"], review.Slipped.Production),
            new(t["Stale", Jobs.WeeklyInspectionJob.StaleAfterDays], review.Stale),
            t.Rate(ReviewRates.QuarterConversion, review.Channels.QuarterConversionPercent),
            t.Rate(ReviewRates.YearConversion, review.Channels.YearConversionPercent),
        };
        sheets[t["SignedDeals"]] = DealRows(t, deals(ReviewLists.Signed), ct);
        sheets[t["StartedDeals"]] = DealRows(t, deals(ReviewLists.Started), ct);
        sheets[t["ProducingDeals"]] = DealRows(t, deals(ReviewLists.Producing), ct);
        sheets[t["LeadDeals"]] = DealRows(t, deals(ReviewLists.Leads), ct);
        sheets[t["SnapshotDeals"]] = DealRows(t, deals(ReviewLists.Snapshot), ct);
        sheets[t["SlippedStartDeals"]] = DealRows(t, deals(ReviewLists.SlippedStart), ct);
        sheets[t["SlippedProductionDeals"]] = DealRows(t, deals(ReviewLists.SlippedProduction), ct);
        sheets[t["StaleDeals"]] = DealRows(t, deals(ReviewLists.Stale), ct);

        await using var sink = new DeferredSyncWrites(output);
        await sink.SaveAsAsync(sheets, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { DynamicColumns = Headers(t) },
            cancellationToken: ct);
        await sink.FlushAsync(ct);
    }

    private static string Month(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year}-{month:00}");

    /// <summary>
    /// Every column's header, from the catalogue: a row's property is named after its "Workbook.*" key, so one header
    /// list serves every sheet (the same key is the same words wherever it stands).
    /// </summary>
    private static DynamicExcelColumn[] Headers(Labels t)
    {
        string[] keys =
        [
            "Figure", "Target", "Actual", "Attained", "Projected", "Stage", "Status", "Deals", "Month", "Signed", "Dimension", "Channel",
            "LeadsCreated", "LeadsCreatedSigned", "LeadsThisYear", "LeadsThisYearSigned", "Chart", "Item", "Value", "Bar", "Definition",
            "Id", "Title", "Company", "Desk", "Owner", "Source", "Region", "Date", "PlannedDate", "TopTier", "Expansion",
        ];
        return
        [
            .. keys.Select(key => new DynamicExcelColumn(key) { Name = t[key] }),
            new DynamicExcelColumn(nameof(DealRow.Investment)) { Name = t.Investment },
            // The channels' rates are headed by the rate's name, the same as on the page (ReviewRates).
            new DynamicExcelColumn(nameof(ChannelRow.QuarterConversion)) { Name = ReviewRates.Name(ReviewRates.QuarterConversion, t.Culture) },
            new DynamicExcelColumn(nameof(ChannelRow.YearConversion)) { Name = ReviewRates.Name(ReviewRates.YearConversion, t.Culture) },
            new DynamicExcelColumn(nameof(DealRow.Major)) { Name = t["Major", AmountFormat.Amount(Targets.TargetFigures.MajorProjectYuan, t.Culture)] },
        ];
    }

    private static List<FigureRow> FigureRows(Labels t, FigureSet figures) =>
    [
        .. figures.All().Select(f =>
        {
            var money = f.Name == nameof(FigureSet.SignedInvestmentYuan);
            decimal Value(long v) => money ? t.Money(v) : v;
            return new FigureRow(FigureWords.Name(f.Name, t.Culture), Value(f.Figure.Target), Value(f.Figure.Actual), f.Figure.PercentAttained,
                f.Figure.Projected is { } p ? Value(p) : null);
        }),
    ];

    private static IEnumerable<ChannelRow> Channels(Labels t, string dimension, IEnumerable<ChannelLine> lines, Func<string, string>? name) =>
        lines.Select(l => new ChannelRow(dimension, name?.Invoke(l.Key) ?? l.Name ?? l.Key, l.LeadsCreated, l.LeadsCreatedSigned, l.QuarterConversionPercent,
            l.Signed, t.Money(l.InvestmentSignedYuan), l.LeadsThisYear, l.LeadsThisYearSigned, l.ConversionPercent));

    /// <summary>A deal list's rows as they are read: one row object at a time, none kept.</summary>
    private static async IAsyncEnumerable<DealRow> DealRows(Labels t, IAsyncEnumerable<ReviewDeal> deals, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var d in deals.WithCancellation(ct))
        {
            yield return new DealRow(d.Id, d.Title, d.Company, d.Desk, d.Owner, t.Of(d.Source), t.Of(d.Region), t.Of(d.Stage), t.Of(d.Status), t.Money(d.InvestmentYuan),
                d.On is { } on ? ZoneDates.Show(on) : null, d.PlannedOn is { } planned ? ZoneDates.Show(planned) : null,
                t.YesNo(d.IsMajor), t.YesNo(d.IsTopTier), t.YesNo(d.IsExpansion));
        }
    }

    public const int BarWidth = 20;

    /// <summary>
    /// The page's charts as bars of text (MiniExcel cannot draw charts): target vs actual per figure for the zone
    /// and each desk, the funnel Lead → AtCapacity, and the signed investment by month. Readable in any
    /// spreadsheet program, printed or sent on; each bar is scaled to the largest value of its chart.
    /// </summary>
    private static List<ChartRow> ChartRows(Labels t, QuarterReview review)
    {
        var rows = new List<ChartRow>();
        var scopes = (review.Zone is { } zone ? new[] { (t["Zone"], zone) } : [])
            .Concat(review.Desks.Select(d => (t["DeskSheet", d.Key], d.Value)));
        foreach (var (scope, figures) in scopes)
        {
            foreach (var (name, figure) in figures.All())
            {
                var money = name == nameof(FigureSet.SignedInvestmentYuan);
                var max = Math.Max(figure.Target, figure.Actual);
                decimal Value(long v) => money ? t.Money(v) : v;
                var figureName = FigureWords.Name(name, t.Culture);
                rows.Add(new(t["TargetVsActual"], $"{scope} · {figureName} · {t["Target"]}", Value(figure.Target), Bar(figure.Target, max)));
                rows.Add(new(t["TargetVsActual"], $"{scope} · {figureName} · {t["Actual"]}", Value(figure.Actual), Bar(figure.Actual, max)));
            }
        }
        var funnelMax = review.Flows.Select(f => (long)f.Deals).DefaultIfEmpty(0).Max();
        rows.AddRange(review.Flows.Select(f => new ChartRow(t["Funnel"], t.Of(f.Stage), f.Deals, Bar(f.Deals, funnelMax))));
        var monthMax = review.SignedByMonth.Select(m => m.InvestmentYuan).DefaultIfEmpty(0).Max();
        rows.AddRange(review.SignedByMonth.Select(m => new ChartRow(t["ByMonth"], Month(review.Year, m.Month), t.Money(m.InvestmentYuan),
            Bar(m.InvestmentYuan, monthMax))));
        return rows;
    }

    /// <summary>A bar of <see cref="BarWidth"/> cells at most; any value above zero shows at least one.</summary>
    public static string Bar(long value, long max) =>
        value <= 0 || max <= 0 ? "" : new string('█', Math.Max(1, (int)Math.Round((double)BarWidth * value / max, MidpointRounding.AwayFromZero)));

    // One type per kind of sheet; each property is named after the "Workbook.*" key of its header (see Headers).
    private sealed record FigureRow(string Figure, decimal Target, decimal Actual, decimal? Attained, decimal? Projected);

    private sealed record FlowRow(string Stage, int Deals, decimal Investment);

    private sealed record SnapshotRow(string Stage, string Status, int Deals, decimal Investment);

    private sealed record MonthRow(string Month, int Signed, decimal Investment);

    private sealed record ChannelRow(string Dimension, string Channel, int LeadsCreated, int LeadsCreatedSigned, decimal? QuarterConversion, int Signed,
        decimal Investment, int LeadsThisYear, int LeadsThisYearSigned, decimal? YearConversion);

    private sealed record ChartRow(string Chart, string Item, decimal Value, string Bar);

    /// <summary>A figure of the rates sheet; a rate carries its definition (its window), empty when nothing divides.</summary>
    private sealed record RateRow(string Figure, decimal? Value, string? Definition = null);

    private sealed record DealRow(int Id, string Title, string Company, string Desk, string Owner, string Source, string Region, string Stage, string Status,
        decimal Investment, string? Date, string? PlannedDate, string Major, string TopTier, string Expansion);

    /// <summary>The workbook's words in its culture: "Workbook.{key}" entries and the shared enum labels.</summary>
    private sealed class Labels(CultureInfo culture)
    {
        private readonly Dictionary<Enum, string> _labels = [];
        private readonly string _yes = Catalogue.Text("Common.Yes", culture);
        private readonly string _no = Catalogue.Text("Common.No", culture);

        public CultureInfo Culture => culture;

        public string this[string key] => Catalogue.Text($"Workbook.{key}", culture);

        public string this[string key, object? arg] => Catalogue.Text($"Workbook.{key}", culture, arg);

        /// <summary>The investment column's header, with the unit its numbers are in.</summary>
        public string Investment => this["Investment", Catalogue.Text("Unit.TableHeader", culture)];

        public decimal Money(long yuan) => AmountFormat.TableNumber(yuan, culture);

        /// <summary>A rate's row: its name and definition from <see cref="ReviewRates"/>, empty when nothing divides.</summary>
        public RateRow Rate(string rate, decimal? percent) => new(ReviewRates.Name(rate, culture), percent, ReviewRates.Definition(rate, culture));

        /// <summary>An enum label, looked up once per value: a deal sheet asks for the same few labels on every row.</summary>
        public string Of(Enum value)
        {
            if (!_labels.TryGetValue(value, out var label))
            {
                label = Catalogue.Of(value, culture);
                _labels[value] = label;
            }
            return label;
        }

        /// <summary>A channel key that names an enum member reads as its label; anything else as it is.</summary>
        public string Label<TEnum>(string key) where TEnum : struct, Enum =>
            Enum.TryParse<TEnum>(key, out var value) ? Catalogue.Of(value, culture) : key;

        public string YesNo(bool value) => value ? _yes : _no;
    }
}
