using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Domain.Deals;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>The rows measured through the public HTTP API (and DealFigures through the host's services), each beside its baseline.</summary>
public sealed class HttpRows(BenchHost host, BenchOptions options)
{
    public const string Manager = "manager1@zone.bench";

    private HttpClient[] _manager = [];
    private HttpClient[] _anonymous = [];

    public async Task SignInAsync(CancellationToken ct)
    {
        var token = await TokenAsync(host, Manager, ct);
        _manager = [.. Enumerable.Range(0, options.Clients).Select(_ =>
        {
            var c = host.NewClient();
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return c;
        })];
        _anonymous = [.. Enumerable.Range(0, options.Clients).Select(_ => host.NewClient())];
    }

    public static async Task<string> TokenAsync(BenchHost host, string email, CancellationToken ct)
    {
        using var client = host.NewClient();
        return await TokenAsync(client, email, ct);
    }

    public static async Task<string> TokenAsync(HttpClient client, string email, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = Domain.Demo.Generation.ZoneGenerator.Password }, ct);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    public Task<Measurement> MeasureAsync(BenchRow row, CancellationToken ct) => row.Id switch
    {
        "auth.trivial" => PairAsync(row, "/api/v1/desks", _manager, "/health", _anonymous, ratioOfRates: true),
        "list.page1" => PairAsync(row, "/api/v1/deals?pageSize=50", _manager, "/bench/deals?kind=page1", _anonymous, ratioOfRates: true),
        "list.stageDeskInvestment" => PairAsync(row, "/api/v1/deals?stage=Negotiating&desk=GD&sort=-investment&pageSize=50", _manager,
            "/bench/deals?kind=stageDesk&stage=Negotiating&desk=GD", _anonymous, ratioOfRates: false),
        "list.deskActiveFollowUp" => PairAsync(row, "/api/v1/deals?desk=FJ&status=Active&sort=followUp&pageSize=50", _manager,
            "/bench/deals?kind=deskFollowUp&desk=FJ", _anonymous, ratioOfRates: false),
        "list.keyset500" => KeysetAsync(row, ct),
        "board.column" => MediansAsync(row, () => GetAsync(_manager[0], "/api/v1/deals?stage=Negotiating&pageSize=100", ct),
            () => GetAsync(_anonymous[0], "/bench/deals?kind=column&stage=Negotiating", ct), 30),
        "board.totals" => TotalsAsync(row, ct),
        "review.quarter" => ReviewAsync(row, expandWorkbook: false, ct),
        "review.workbook" => ReviewAsync(row, expandWorkbook: true, ct),
        "search.fragment" => SearchAsync(row, ct),
        _ => throw new ArgumentException(row.Id),
    };

    /// <summary>The product's call and its baseline, each in a bounded 16-client loop, one after the other.</summary>
    private async Task<Measurement> PairAsync(BenchRow row, string product, HttpClient[] productClients, string baseline, HttpClient[] baselineClients, bool ratioOfRates)
    {
        var (p, b) = await LoadLoop.PairAsync(options.Clients, options.LoopDuration, (c, t) => CallAsync(productClients[c], product, t),
            (c, t) => CallAsync(baselineClients[c], baseline, t), options.Warmup);
        var m = new Measurement(row) { Figure = p.Describe(), BaselineFigure = b.Describe() }
            .Set(Measurement.FigureKey, p.PerSecond).Set(Measurement.BaselineKey, b.PerSecond)
            .Set("p95Ms", p.P95Ms).Set("p50Ms", p.P50Ms).Set("p99Ms", p.P99Ms).Set("baselineP95Ms", b.P95Ms)
            .Set(Measurement.RatioKey, ratioOfRates ? p.PerSecond / b.PerSecond : p.P95Ms / b.P95Ms);
        if (p.Errors > 0 || b.Errors > 0)
        {
            m.Note = $"{p.Errors} product and {b.Errors} baseline errors";
        }
        return m;
    }

    private static async Task<bool> CallAsync(HttpClient client, string url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await response.Content.CopyToAsync(Stream.Null, ct);
        return response.IsSuccessStatusCode;
    }

    private static async Task GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        if (!await CallAsync(client, url, ct))
        {
            throw new InvalidOperationException($"GET {url} failed.");
        }
    }

    private static async Task<Measurement> MediansAsync(BenchRow row, Func<Task> product, Func<Task> baseline, int repeats)
    {
        var p = await LoadLoop.MedianMsAsync(repeats, product);
        var b = await LoadLoop.MedianMsAsync(repeats, baseline);
        return new Measurement(row) { Figure = Measurement.Ms(p), BaselineFigure = Measurement.Ms(b) }
            .Set(Measurement.FigureKey, p).Set(Measurement.BaselineKey, b).Set(Measurement.RatioKey, p / b);
    }

    /// <summary>Walks the default list by its cursors to page 500 (or the last full page of a smaller zone), then times both pages.</summary>
    private async Task<Measurement> KeysetAsync(BenchRow row, CancellationToken ct)
    {
        var target = Math.Min(500, options.Size / 50 - 1);
        string? cursor = null;
        var client = _manager[0];
        for (var page = 1; page < target; page++)
        {
            var body = await client.GetFromJsonAsync<JsonElement>($"/api/v1/deals?pageSize=50{(cursor is null ? "" : "&cursor=" + cursor)}", ct);
            cursor = body.GetProperty("nextCursor").GetString() ?? throw new InvalidOperationException($"The list ended at page {page}.");
        }
        var deep = $"/api/v1/deals?pageSize=50&cursor={cursor}";
        var m = await MediansAsync(row, () => GetAsync(client, deep, ct), () => GetAsync(client, "/api/v1/deals?pageSize=50", ct), 30);
        m.Note = target == 500 ? null : $"page {target} (the zone has {options.Size / 50} pages)";
        return m;
    }

    private async Task<Measurement> TotalsAsync(BenchRow row, CancellationToken ct)
    {
        var user = await ManagerAsync(ct);
        var baselines = host.Services.GetRequiredService<SqlBaselines>();
        return await MediansAsync(row,
            async () =>
            {
                await using var scope = host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DealFigures>().StageTotalsAsync(user, new DealFilter(), ct);
            },
            async () =>
            {
                await using var connection = baselines.Open();
                await using var command = SqlBaselines.Command(connection, SqlBaselines.TotalsSql, []);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    _ = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
                }
            }, 30);
    }

    private async Task<CurrentUser> ManagerAsync(CancellationToken ct)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Domain.Data.CrmDbContext>();
        var id = await db.Users.Where(u => u.Email == Manager).Select(u => u.Id).SingleAsync(ct);
        return new CurrentUser(id, new HashSet<string> { Roles.Manager }, null);
    }

    private async Task<Measurement> ReviewAsync(BenchRow row, bool expandWorkbook, CancellationToken ct)
    {
        var today = host.Zone.Today;
        var period = QuarterPeriod.Of(today);
        var url = $"/api/v1/reviews/{period.Year}/Q{period.Quarter}{(expandWorkbook ? ".xlsx" : "")}";
        var sql = $"/bench/{(expandWorkbook ? "review-lists" : "review")}?year={period.Year}&quarter={period.Quarter}&to={today:yyyy-MM-dd}";
        var repeats = Math.Min(options.Repeats, 3);
        var m = await MediansAsync(row, () => GetAsync(_manager[0], url, ct), () => GetAsync(_anonymous[0], sql, ct), repeats);
        m.Note = $"{period.Year} Q{period.Quarter}, zone-wide, median of {repeats}";
        return m;
    }

    /// <summary>Four characters from the middle of the title of the zone's middle deal: a company's name, found in a few deals and their notes.</summary>
    private async Task<Measurement> SearchAsync(BenchRow row, CancellationToken ct)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Domain.Data.CrmDbContext>();
        var title = await db.Deals.OrderBy(d => d.Id).Skip(options.Size / 2).Select(d => d.Title).FirstAsync(ct);
        var fragment = title.Length <= 4 ? title : title.Substring(Math.Max(0, title.Length / 2 - 2), 4);
        var q = Uri.EscapeDataString(fragment);
        var m = await MediansAsync(row, () => GetAsync(_manager[0], $"/api/v1/search?q={q}", ct),
            () => GetAsync(_anonymous[0], $"/bench/search?q={q}", ct), options.Repeats);
        m.Note = $"\u201c{fragment}\u201d, median of {options.Repeats}";
        return m;
    }
}
