using System.Diagnostics;
using HdrHistogram;

namespace Crm.Benchmarks;

/// <summary>The result of one bounded loop: requests per second and latency percentiles.</summary>
public sealed record LoadResult(long Requests, long Errors, double Seconds, double P50Ms, double P95Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    public string Describe() => $"{Measurement.Rate(PerSecond)} (p50 {Measurement.Ms(P50Ms)}, p95 {Measurement.Ms(P95Ms)})"
        + (Errors > 0 ? $", {Errors} errors" : "");
}

/// <summary>N clients calling one operation for a fixed time; it stops by itself (no open-ended traffic).</summary>
public static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> call, TimeSpan warmup)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunOnceAsync(clients, warmup, call);
        }
        return await RunOnceAsync(clients, duration, call);
    }

    private static async Task<LoadResult> RunOnceAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> call)
    {
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(60), 3);
        long requests = 0, errors = 0;
        using var stop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        var end = duration;
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            while (clock.Elapsed < end)
            {
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await call(client, stop.Token);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                catch (TaskCanceledException)
                {
                    ok = false;
                }
                histogram.RecordValue(Math.Max(1, Stopwatch.GetTimestamp() - start));
                Interlocked.Increment(ref requests);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(requests, errors, seconds, Ms(50), Ms(95), Ms(99));
    }

    /// <summary>The median time of <paramref name="repeats"/> runs of one operation, after one warm-up run.</summary>
    public static async Task<double> MedianMsAsync(int repeats, Func<Task> operation)
    {
        await operation();
        var times = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await operation();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
