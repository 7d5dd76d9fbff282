using System.Diagnostics;
using System.Globalization;
using Hub.Consent;

namespace ConsentDecision;

/// <summary>
/// Times decisions one by one, for the target "p99 under 10 µs": BenchmarkDotNet's percentiles are over
/// iteration means, each the average of many calls, which smooths away the slow single call (a GC
/// pause, a cache miss) that a per-call percentile must show.
/// </summary>
public static class LatencyProbe
{
    /// <summary>Long enough for tiered compilation to have promoted the decision to optimized code.</summary>
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    private const int Samples = 200_000;

    public static void Run(TextWriter output)
    {
        output.WriteLine("| Consents | Shape | Permitted | Consent ids | p50 | p95 | p99 | p99.9 | max |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var consents in (int[])[10, 1_000, 10_000])
        {
            foreach (var shape in Enum.GetValues<Shape>())
            {
                var set = new ConsentSet(ConsentHistory.Person, ConsentHistory.Build(consents, shape));
                var decision = set.Decide(ConsentHistory.Request);
                var latencies = Measure(set);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {consents:N0} | {shape} | {decision.Permitted.Count} | {decision.ConsentIds.Count:N0} | {At(latencies, 0.50)} | {At(latencies, 0.95)} | {At(latencies, 0.99)} | {At(latencies, 0.999)} | {Micros(latencies[^1])} |"));
            }
        }
    }

    private static long[] Measure(ConsentSet set)
    {
        var request = ConsentHistory.Request;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < Warmup)
        {
            set.Decide(request);
        }

        var latencies = new long[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            set.Decide(request);
            latencies[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(latencies);
        return latencies;
    }

    private static string At(long[] sorted, double quantile) => Micros(sorted[(int)Math.Ceiling(quantile * sorted.Length) - 1]);

    private static string Micros(long ticks) => string.Create(CultureInfo.InvariantCulture, $"{ticks * 1_000_000.0 / Stopwatch.Frequency:0.00} µs");
}
