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

    /// <summary>
    /// A product and its baseline on the same host, each warmed up, then measured in turn product, baseline, baseline,
    /// product (half the duration each): neither side gains from running later (a warmer JIT, a settled heap, the
    /// database's cache) and each is measured for <paramref name="duration"/> in all.
    /// </summary>
    public static async Task<(LoadResult Product, LoadResult Baseline)> PairAsync(int clients, TimeSpan duration,
        Func<int, CancellationToken, Task<bool>> product, Func<int, CancellationToken, Task<bool>> baseline, TimeSpan warmup)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunOnceAsync(clients, warmup, product);
            await RunOnceAsync(clients, warmup, baseline);
        }
        var half = duration / 2;
        var p = new Tally();
        var b = new Tally();
        await RunOnceAsync(clients, half, product, p);
        await RunOnceAsync(clients, half, baseline, b);
        await RunOnceAsync(clients, half, baseline, b);
        await RunOnceAsync(clients, half, product, p);
        return (p.Result(), b.Result());
    }

    /// <summary>Requests, errors, time and latencies gathered over one or more loops.</summary>
    private sealed class Tally
    {
        public LongConcurrentHistogram Histogram { get; } = new(1, TimeStamp.Seconds(60), 3);
        public long Requests;
        public long Errors;
        public double Seconds;

        public LoadResult Result()
        {
            double Ms(double percentile) => Histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
            return new LoadResult(Requests, Errors, Seconds, Ms(50), Ms(95), Ms(99));
        }
    }

    private static async Task<LoadResult> RunOnceAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<bool>> call, Tally? tally = null)
    {
        tally ??= new Tally();
        var histogram = tally.Histogram;
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
        tally.Requests += requests;
        tally.Errors += errors;
        tally.Seconds += clock.Elapsed.TotalSeconds;
        return tally.Result();
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
