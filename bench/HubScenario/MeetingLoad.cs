using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Client;

namespace HubScenario;

/// <summary>
/// The schedule_meeting load. h2load sends one request body over and over, and every ScheduleMeeting
/// must differ (M3 refuses a second meeting of the person at the same time), so this sends them:
/// <c>count</c> meetings, <c>in-flight</c> at a time over Grpc.Net.Client with the recipient's token.
/// Prints one line: <c>requests req/s mean_ms sd_ms max_ms p50_ms p99_ms</c>; fails on any error.
/// </summary>
internal static class MeetingLoad
{
    public static async Task<bool> RunAsync(ScenarioArguments arguments, ScenarioDirectory directory, TextWriter output, TextWriter log)
    {
        var subjects = directory.ReadMeetingSubjects();
        var first = directory.ReadMeetingsScheduled();
        var headers = new Metadata { { "authorization", $"Bearer {directory.ReadToken()}" } };
        using var channel = GrpcChannel.ForAddress(arguments.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var client = channel.Meetings();
        var latencies = new double[arguments.Count];
        var failures = 0;
        var next = -1;
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, arguments.InFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < arguments.Count)
            {
                var request = MeetingRequests.Schedule(subjects, first + i);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await client.ScheduleMeetingAsync(request, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)));
                }
                catch (RpcException exception)
                {
                    if (Interlocked.Increment(ref failures) <= 5)
                    {
                        await log.WriteLineAsync($"ScheduleMeeting {first + i} failed: {exception.StatusCode}: {exception.Status.Detail}");
                    }
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var seconds = elapsed.Elapsed.TotalSeconds;
        directory.WriteMeetingsScheduled(first + arguments.Count);
        Array.Sort(latencies);
        var mean = latencies.Average();
        var sd = Math.Sqrt(latencies.Average(latency => (latency - mean) * (latency - mean)));
        await output.WriteLineAsync(string.Join(' ', new object[]
        {
            arguments.Count, arguments.Count / seconds, mean, sd, latencies[^1], Percentile(latencies, 0.50), Percentile(latencies, 0.99),
        }.Select(value => string.Format(CultureInfo.InvariantCulture, value is int ? "{0}" : "{0:F2}", value))));
        return failures == 0;
    }

    private static double Percentile(double[] sorted, double share) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
