using System.Diagnostics;
using Microsoft.Playwright;

namespace Crm.Benchmarks;

/// <summary>Debian's headless Chromium (never a downloaded browser), flags as in Crm.Tests/E2E/BrowserTest.cs.</summary>
public static class BrowserVisits
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    /// <summary>A manager signs in through the form; then /pipeline is timed from navigation to the live circuit and the first card.</summary>
    public static async Task<Measurement> BoardToInteractiveAsync(Uri baseAddress, BenchOptions options, CancellationToken ct)
    {
        var times = new List<double>();
        await VisitAsync(baseAddress, async page =>
        {
            for (var i = 0; i <= options.Repeats; i++)
            {
                ct.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                await page.GotoAsync("/pipeline");
                await ReadyAsync(page);
                await page.Locator(".board-card").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
                if (i > 0)
                {
                    // The first visit warms the host's caches and the browser's; the rest are timed.
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        });
        times.Sort();
        var median = times[times.Count / 2];
        return new Measurement(Rows.BoardBrowser)
        {
            Figure = $"{Measurement.Ms(median)} (median of {times.Count}; slowest {Measurement.Ms(times[^1])})",
            Note = "navigation to #crm-ready (circuit live) and the first card visible, 1600×900",
        }.Set(Measurement.FigureKey, median);
    }

    private static readonly string[] Morning = ["/pipeline", "/deals", "/reviews", "/", "/pipeline", "/companies"];

    /// <summary>What a manager's morning looks like: the board, the deal list, the review and home.</summary>
    public static Task BrowseAsync(Uri baseAddress) => VisitAsync(baseAddress, async page =>
    {
        foreach (var path in Morning)
        {
            await page.GotoAsync(path);
            await ReadyAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
    });

    private static async Task VisitAsync(Uri baseAddress, Func<IPage, Task> visit)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium fonts-noto-cjk).");
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", HttpRows.Manager);
        await page.FillAsync("#password", Domain.Demo.Generation.ZoneGenerator.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await ReadyAsync(page);
        await visit(page);
    }

    private static Task ReadyAsync(IPage page) =>
        page.Locator("#crm-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
