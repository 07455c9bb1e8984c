namespace Crm.Benchmarks;

/// <summary>What one goal compares: a figure of the measurement against a bound.</summary>
public sealed record Goal(string Value, bool AtMost, double Bound, string Text)
{
    public bool? Holds(Measurement m) => m.Values.TryGetValue(Value, out var v) && !double.IsNaN(v)
        ? AtMost ? v <= Bound : v >= Bound
        : null;

    public static Goal Ratio(bool atMost, double bound, string text) => new(Measurement.RatioKey, atMost, bound, text);

    public static Goal Max(string value, double bound, string text) => new(value, true, bound, text);
}

/// <summary>One row of the performance table: what is measured, against what, and the goals it must meet.</summary>
public sealed record BenchRow(string Id, string Operation, string Baseline, params Goal[] Goals);

/// <summary>
/// The one place of the goals (issue 10, docs/performance.md): pass/fail and the document both read this table.
/// "ratio" is product ÷ baseline for times and memory, and product ÷ baseline throughput for rates.
/// </summary>
public static class Rows
{
    public static readonly BenchRow ListPage1 = new("list.page1", "deal list, page 1 (50), 16 clients",
        "same query hand-written (Microsoft.Data.Sqlite / Npgsql), same host",
        Goal.Ratio(false, 0.5, "≥ 50 % of hand-written req/s"), Goal.Max("p95Ms", 50, "p95 ≤ 50 ms"));

    public static readonly BenchRow ListStageDesk = new("list.stageDeskInvestment", "list by stage + desk, sorted by amount, 16 clients",
        "same query hand-written, same host", Goal.Max("p95Ms", 50, "p95 ≤ 50 ms"));

    public static readonly BenchRow ListDeskFollowUp = new("list.deskActiveFollowUp", "list by desk + Active, sorted by follow-up, 16 clients",
        "same query hand-written, same host", Goal.Max("p95Ms", 50, "p95 ≤ 50 ms"));

    public static readonly BenchRow Keyset = new("list.keyset500", "keyset page 500 vs page 1", "page 1 of the same list",
        Goal.Ratio(true, 2, "≤ 2× page 1"));

    public static readonly BenchRow BoardColumn = new("board.column", "board column (100 cards), median", "same query hand-written",
        Goal.Max(Measurement.FigureKey, 10, "≤ 10 ms"));

    public static readonly BenchRow BoardTotals = new("board.totals", "board column totals (DealFigures.StageTotalsAsync), median",
        "GROUP BY hand-written", Goal.Max(Measurement.FigureKey, 10, "≤ 10 ms"));

    public static readonly BenchRow BoardBrowser = new("board.browser", "board page in Chromium (manager), to interactive", "—",
        Goal.Max(Measurement.FigureKey, 1_500, "≤ 1.5 s"));

    public static readonly BenchRow Review = new("review.quarter", "quarterly review (API), median", "hand-written SQL of its figures",
        Goal.Ratio(true, 1.5, "≤ 1.5× hand-written SQL"));

    public static readonly BenchRow Workbook = new("review.workbook", "review workbook (.xlsx), median", "hand-written SQL of its lists",
        Goal.Ratio(true, 2, "≤ 2× the SQL of its lists"));

    public static readonly BenchRow Search = new("search.fragment", "search, a 4-character fragment of a deal's title (API, manager), median",
        "the deals' and notes' full-text match hand-written (FTS5 MATCH / ILIKE)", Goal.Max(Measurement.FigureKey, 100, "≤ 100 ms"));

    public static readonly BenchRow ReviewMemory = new("memory.review", "review + workbook, peak RSS of a separate host", "RSS before",
        Goal.Max("peakMb", 300, "< 300 MB"));

    public static readonly BenchRow ReminderRows = new("jobs.reminders.rows", "reminder sweep, 10,000 due: rows written", "INSERT…SELECT hand-written",
        Goal.Max(Measurement.FigureKey, 1_000, "rows ≤ 1 s"));

    public static readonly BenchRow ReminderEmails = new("jobs.reminders.emails", "reminder sweep, 10,000 due: until every e-mail went",
        "the same e-mails sent directly (MailKit → local SMTP)", Goal.Ratio(true, 2, "≤ 2× direct sends"));

    public static readonly BenchRow RealisticDay = new("jobs.realisticDay", "a realistic day (today's due), reminders + e-mails, peak RSS",
        "RSS before", Goal.Max("peakMb", 300, "< 300 MB"));

    public static readonly BenchRow ColdStart = new("start.cold", "cold start to first 200 (generated db)", "hello-world host",
        Goal.Max(Measurement.FigureKey, 3_000, "< 3 s"));

    public static readonly BenchRow ColdStartDemo = new("start.coldDemo", "cold start to first 200 (empty db, demo seed)", "hello-world host",
        Goal.Max(Measurement.FigureKey, 5_000, "< 5 s"));

    public static readonly BenchRow ListLoadMemory = new("memory.listLoad", "RSS under list load (separate host)", "RSS idle",
        Goal.Max("peakMb", 300, "< 300 MB"));

    public static readonly BenchRow BrowserMemory = new("memory.browser", "RSS after browser visits (separate host)", "RSS idle",
        Goal.Max("peakMb", 300, "< 300 MB"));

    public static readonly BenchRow SignedInTrivial = new("auth.trivial", "signed-in trivial call (/api/v1/desks), 16 clients",
        "anonymous /health, same host", Goal.Ratio(false, 0.4, "≥ 40 % of the anonymous ceiling"));

    public static readonly IReadOnlyList<BenchRow> All =
    [
        ListPage1, ListStageDesk, ListDeskFollowUp, Keyset, BoardColumn, BoardTotals, BoardBrowser, Review, Workbook, Search,
        ReviewMemory, ReminderRows, ReminderEmails, RealisticDay, ColdStart, ColdStartDemo, ListLoadMemory, BrowserMemory, SignedInTrivial,
    ];
}
