using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using netDumbster.smtp;

namespace Crm.Benchmarks;

/// <summary>
/// <c>dotnet run --project Crm.Benchmarks -c Release -- --size 100000 [--quick] [--provider PostgreSql --connection "..."] [--only list,board]</c>.
/// Every row of <see cref="Rows"/> beside its baseline, in one run; writes docs/performance.md and the JSON results.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "hello")
        {
            // The cold-start baseline: the smallest ASP.NET Core host there is.
            var hello = WebApplication.CreateSlimBuilder(args[1..]).Build();
            hello.MapGet("/health", () => TypedResults.Ok("ok"));
            await hello.RunAsync();
            return 0;
        }

        var root = FindRoot();
        if (args.Length > 0 && args[0] == "micro")
        {
            var micro = BenchOptions.Parse(args[1..], root);
            var cached = await ZoneDatabase.PrepareAsync(micro, CancellationToken.None);
            ListProjectionBenchmark.Run(cached.CopyFor("micro"), micro.ArtifactsFolder);
            return 0;
        }
        var options = BenchOptions.Parse(args, root);
        if (options.Quick && !args.Contains("--size", StringComparer.OrdinalIgnoreCase))
        {
            options = options with { Size = 10_000 };
        }
        var clock = Stopwatch.StartNew();
        var machine = Report.Describe(options);
        Console.WriteLine($"Benchmark: {options.Size:N0} deals, {options.Provider}{(options.Quick ? ", quick" : "")}, {machine.Cores} cores, load {machine.LoadAverage}");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.Quick ? 20 : 60));
        var ct = stop.Token;

        var zone = await ZoneDatabase.PrepareAsync(options, ct);
        var results = new List<Measurement>();
        void Record(Measurement m)
        {
            results.Add(m);
            var pass = m.Passed switch { true => "pass", false => "FAIL", null => "n/a" };
            Console.WriteLine($"  {m.Row.Id,-26} {m.Figure} | baseline {m.BaselineFigure} | ratio {m.Ratio?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"} | {pass}{(m.Note is null ? "" : " — " + m.Note)}");
        }

        using (var smtp = SimpleSmtpServer.Start())
        {
            using var host = new BenchHost(zone, smtp.Configuration.Port);
            var http = new HttpRows(host, options);
            await http.SignInAsync(ct);
            foreach (var row in new[] { Rows.SignedInTrivial, Rows.ListPage1, Rows.ListStageDesk, Rows.ListDeskFollowUp, Rows.Keyset, Rows.BoardColumn, Rows.BoardTotals, Rows.Review, Rows.Workbook, Rows.Search })
            {
                if (options.Runs(row.Id))
                {
                    Record(await Guard(row, () => http.MeasureAsync(row, ct)));
                }
            }
            if (options.Runs(Rows.BoardBrowser.Id))
            {
                Record(await Guard(Rows.BoardBrowser, () => BrowserVisits.BoardToInteractiveAsync(host.BaseAddress, options, ct)));
            }
            var jobs = new JobRows(host, smtp, options);
            foreach (var row in new[] { Rows.ReminderRows, Rows.RealisticDay })
            {
                if (options.Runs(row.Id) || (row == Rows.ReminderRows && options.Runs(Rows.ReminderEmails.Id)))
                {
                    foreach (var m in await GuardMany(row, () => jobs.MeasureAsync(row, ct)))
                    {
                        Record(m);
                    }
                }
            }
        }

        var processes = new ProcessRows(zone, options);
        foreach (var m in await GuardMany(Rows.ColdStart, () => processes.MeasureAsync(ct)))
        {
            Record(m);
        }

        if (results.FirstOrDefault(m => m.Row == Rows.RealisticDay) is { } day
            && results.FirstOrDefault(m => m.Row == Rows.ListLoadMemory) is { } load && load.Values.TryGetValue(Measurement.BaselineKey, out var idle))
        {
            JobRows.EstimateProductPeak(day, idle);
        }

        var ordered = Rows.All.Select(r => results.FirstOrDefault(m => m.Row == r)).OfType<Measurement>().ToList();
        await Report.WriteAsync(options, machine, ordered, clock.Elapsed, zone.Description);
        Console.WriteLine(Report.WritesDocs(options)
            ? $"Written: docs/performance.md, docs/performance.json, artifacts/bench/results.json ({clock.Elapsed.TotalMinutes:0.0} min)"
            : $"Written: artifacts/bench/results.json and performance.md; a quick or partial run leaves docs/ alone ({clock.Elapsed.TotalMinutes:0.0} min)");
        return 0;
    }

    /// <summary>A row that throws is reported as not measured (with the reason), and the run goes on.</summary>
    private static async Task<Measurement> Guard(BenchRow row, Func<Task<Measurement>> measure) =>
        (await GuardMany(row, async () => [await measure()])).Single();

    private static async Task<IReadOnlyList<Measurement>> GuardMany(BenchRow row, Func<Task<IReadOnlyList<Measurement>>> measure)
    {
        try
        {
            return await measure();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.WriteLine($"  {row.Id}: not measured: {e.GetType().Name}: {e.Message}");
            return [new Measurement(row) { Note = $"not measured: {e.GetType().Name}: {e.Message.Split('\n')[0]}" }];
        }
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Crm.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Run from inside the repository (no Crm.slnx found).");
    }
}
