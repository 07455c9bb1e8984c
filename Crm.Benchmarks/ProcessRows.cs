using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Crm.Domain.Data;
using Crm.Domain.Targets;

namespace Crm.Benchmarks;

/// <summary>
/// Rows that need a process of their own: cold start to the first 200 (generated zone, empty database with the demo seed,
/// and a hello-world host as the baseline), and resident memory under list load, over review and workbook, after browser visits.
/// </summary>
public sealed class ProcessRows(ZoneDatabase zone, BenchOptions options)
{
    public async Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken ct)
    {
        var results = new List<Measurement>();
        var starts = Math.Min(options.Repeats, 3);
        var hello = await MedianStartAsync(starts, () => StartHello(), ct);

        if (Wants(Rows.ColdStart, Rows.ListLoadMemory, Rows.BrowserMemory, Rows.ReviewMemory))
        {
            var times = new List<double>();
            for (var i = 0; i < starts; i++)
            {
                var last = i == starts - 1;
                using var web = StartWeb(zone.CopyFor("process"), seedDemo: false);
                times.Add(await web.FirstOkAsync(ct));
                if (last)
                {
                    await MemoryRowsAsync(web, results, ct);
                }
            }
            times.Sort();
            var cold = times[times.Count / 2];
            results.Insert(0, new Measurement(Rows.ColdStart) { Figure = Measurement.Ms(cold), BaselineFigure = Measurement.Ms(hello) }
                .Set(Measurement.FigureKey, cold).Set(Measurement.BaselineKey, hello).Set(Measurement.RatioKey, cold / hello));
        }

        if (options.Runs(Rows.ColdStartDemo.Id))
        {
            if (zone.Provider != DatabaseProvider.Sqlite)
            {
                results.Add(new Measurement(Rows.ColdStartDemo) { Note = "SQLite only (it needs an empty database of its own)" });
            }
            else
            {
                var demo = await MedianStartAsync(starts, () =>
                {
                    var file = Path.Combine(options.ArtifactsFolder, "demo.db");
                    foreach (var suffix in SqliteFiles)
                    {
                        File.Delete(file + suffix);
                    }
                    return StartWeb($"Data Source={file}", seedDemo: true);
                }, ct);
                results.Add(new Measurement(Rows.ColdStartDemo) { Figure = Measurement.Ms(demo), BaselineFigure = Measurement.Ms(hello) }
                    .Set(Measurement.FigureKey, demo).Set(Measurement.BaselineKey, hello).Set(Measurement.RatioKey, demo / hello));
            }
        }
        return results;
    }

    private static readonly string[] SqliteFiles = ["", "-wal", "-shm"];

    private bool Wants(params BenchRow[] rows) => rows.Any(r => options.Runs(r.Id));

    private async Task MemoryRowsAsync(WebProcess web, List<Measurement> results, CancellationToken ct)
    {
        using var client = web.Client();
        var token = await HttpRows.TokenAsync(client, HttpRows.Manager, ct);
        var idle = ProcessMemory.RssMb(web.Pid);

        if (options.Runs(Rows.ListLoadMemory.Id))
        {
            var clients = Enumerable.Range(0, options.Clients).Select(_ =>
            {
                var c = web.Client();
                c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return c;
            }).ToArray();
            string[] urls = ["/api/v1/deals?pageSize=50", "/api/v1/deals?stage=Negotiating&desk=GD&sort=-investment", "/api/v1/deals?desk=FJ&status=Active&sort=followUp"];
            var load = await LoadLoop.RunAsync(options.Clients, options.LoopDuration, async (c, t) =>
            {
                using var r = await clients[c].GetAsync(urls[Random.Shared.Next(urls.Length)], t);
                return r.IsSuccessStatusCode;
            }, TimeSpan.Zero);
            foreach (var c in clients)
            {
                c.Dispose();
            }
            var rss = ProcessMemory.RssMb(web.Pid);
            var peak = ProcessMemory.PeakMb(web.Pid);
            results.Add(new Measurement(Rows.ListLoadMemory)
            {
                Figure = $"peak {Measurement.Mb(peak)} (now {Measurement.Mb(rss)}, {load.Describe()})",
                BaselineFigure = $"idle {Measurement.Mb(idle)}",
            }.Set("peakMb", peak).Set(Measurement.BaselineKey, idle).Set(Measurement.RatioKey, peak / idle));
        }

        if (options.Runs(Rows.ReviewMemory.Id))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var before = ProcessMemory.RssMb(web.Pid);
            ProcessMemory.ResetPeak(web.Pid);
            var period = QuarterPeriod.Of(zone.Today);
            (await client.GetAsync($"/api/v1/reviews/{period.Year}/Q{period.Quarter}", ct)).EnsureSuccessStatusCode();
            var reviewPeak = ProcessMemory.PeakMb(web.Pid);
            (await client.GetAsync($"/api/v1/reviews/{period.Year}/Q{period.Quarter}.xlsx", ct)).EnsureSuccessStatusCode();
            var peak = ProcessMemory.PeakMb(web.Pid);
            results.Add(new Measurement(Rows.ReviewMemory)
            {
                Figure = $"peak {Measurement.Mb(peak)} (review alone {Measurement.Mb(reviewPeak)})",
                BaselineFigure = $"before {Measurement.Mb(before)}",
            }.Set("peakMb", peak).Set(Measurement.BaselineKey, before).Set(Measurement.RatioKey, peak / before));
        }

        if (options.Runs(Rows.BrowserMemory.Id))
        {
            await BrowserVisits.BrowseAsync(web.BaseAddress);
            var rss = ProcessMemory.RssMb(web.Pid);
            results.Add(new Measurement(Rows.BrowserMemory)
            {
                Figure = $"{Measurement.Mb(rss)} (peak since start {Measurement.Mb(ProcessMemory.PeakMb(web.Pid))})",
                BaselineFigure = $"idle {Measurement.Mb(idle)}",
                Note = "after a manager's visits: board, deals, review, home, board, companies",
            }.Set("peakMb", rss).Set(Measurement.BaselineKey, idle).Set(Measurement.RatioKey, rss / idle));
        }
    }

    private static async Task<double> MedianStartAsync(int repeats, Func<WebProcess> start, CancellationToken ct)
    {
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            using var process = start();
            times.Add(await process.FirstOkAsync(ct));
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private WebProcess StartWeb(string connectionString, bool seedDemo)
    {
        var published = options.WebFolder is not null;
        var folder = options.WebFolder ?? Path.Combine(options.Root, "Crm.Web", "bin", options.Configuration, "net10.0");
        var dll = Path.Combine(folder, "Crm.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(published ? $"Publish Crm.Web first: {dll}" : $"Build Crm.Web ({options.Configuration}) first: {dll}");
        }
        return WebProcess.Start(dll, folder, new Dictionary<string, string>
        {
            // A published app serves its static assets from wwwroot, as deployed; the build output only in Development.
            ["ASPNETCORE_ENVIRONMENT"] = published ? "Production" : "Development",
            ["Database__Provider"] = zone.Provider.ToString(),
            ["ConnectionStrings__Crm"] = connectionString,
            ["Demo__Seed"] = seedDemo ? "true" : "false",
            ["Jobs__Enabled"] = "false",
            ["RateLimits__SignInsPerMinute"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        });
    }

    private static WebProcess StartHello()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Crm.Benchmarks.dll");
        return WebProcess.Start(dll, AppContext.BaseDirectory, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, "hello");
    }

    private sealed class WebProcess : IDisposable
    {
        private readonly Process _process;
        private readonly Stopwatch _clock;

        private WebProcess(Process process, Stopwatch clock, Uri baseAddress)
        {
            _process = process;
            _clock = clock;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }
        public int Pid => _process.Id;

        public static WebProcess Start(string dll, string workingDirectory, Dictionary<string, string> environment, string? argument = null)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            if (argument is not null)
            {
                info.ArgumentList.Add(argument);
            }
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            var clock = Stopwatch.StartNew();
            var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    Console.Error.WriteLine($"    [{Path.GetFileNameWithoutExtension(dll)}] {e.Data}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new WebProcess(process, clock, new Uri($"http://127.0.0.1:{port}"));
        }

        public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

        /// <summary>Milliseconds from the process start to the first 200 of /health, polled every 10 ms.</summary>
        public async Task<double> FirstOkAsync(CancellationToken ct)
        {
            using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            while (_clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The process exited with {_process.ExitCode} before answering.");
                }
                try
                {
                    using var response = await client.GetAsync("/health", ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return _clock.Elapsed.TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                }
                await Task.Delay(10, ct);
            }
            throw new TimeoutException("No 200 from /health within 2 minutes.");
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
