using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.V1;

namespace EventDelivery;

/// <summary>Milliseconds from RevokeConsent returning on node A to the ConsentRevoked on a node B stream, one revocation at a time.</summary>
internal static class RevocationLatency
{
    public static async Task<Samples> MeasureAsync(BenchCast cast, int events)
    {
        using var atB = cast.EmploymentAt(cast.Options.NodeB);
        using var stop = new CancellationTokenSource();
        using var watch = atB.Events().WatchEvents(new WatchEventsRequest { Kinds = { EventKind.ConsentRevoked } }, cancellationToken: stop.Token);
        var arrivals = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        var ready = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in watch.ResponseStream.ReadAllAsync(stop.Token))
                {
                    var now = Stopwatch.GetTimestamp();
                    ready.TrySetResult();
                    if (item.Event?.Event.ConsentRevoked?.Consent.ConsentId is { } consent)
                    {
                        arrivals.GetOrAdd(consent, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
                    }
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
        });
        await ready.Task;

        var consents = cast.WelfareAtA.Consents();
        var samples = new Samples();
        for (var i = 0; i < events; i++)
        {
            var consent = (await consents.GrantConsentAsync(new GrantConsentRequest
            {
                PersonId = cast.PersonId,
                RecipientAgencyId = cast.EmploymentId,
                Purpose = Purpose.EmploymentSupport,
                Categories = { DataCategory.EmploymentStatus },
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
                GrantedBy = GrantorRole.Subject,
                CollectionMethod = CollectionMethod.Written,
            })).Consent.ConsentId;
            var arrival = arrivals.GetOrAdd(consent, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
            await consents.RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent, Reason = "bench" });
            var returned = Stopwatch.GetTimestamp();
            var arrived = await arrival.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The event can overtake the answer on its way back to the caller; that counts as no wait.
            samples.Add(Math.Max(0, Stopwatch.GetElapsedTime(returned, arrived).TotalMilliseconds));
        }

        await stop.CancelAsync();
        await reading;
        return samples;
    }
}

internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public double Max => _values.Max();

    public void Add(double value) => _values.Add(value);

    public double Percentile(double share)
    {
        var sorted = _values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
    }
}
