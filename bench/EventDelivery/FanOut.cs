using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.V1;
using Npgsql;

namespace EventDelivery;

/// <summary>What <see cref="FanOut.MeasureAsync"/> saw.</summary>
internal sealed record FanOutResult(int Written, double WriteRate, double DeliveredPerSecond, TimeSpan CompleteAfterLastWrite, long MaxBacklog, long FinalBacklog, bool AllDelivered);

/// <summary>Watchers on node B while events go into the outbox at a fixed rate.</summary>
internal static class FanOut
{
    private const int ChannelsToB = 4;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    public static async Task<FanOutResult> MeasureAsync(BenchCast cast, BenchOptions options)
    {
        var channels = Enumerable.Range(0, ChannelsToB).Select(_ => cast.EmploymentAt(options.NodeB)).ToList();
        using var stop = new CancellationTokenSource();
        var counts = new int[options.Watchers];
        var ready = new CountdownEvent(options.Watchers);
        var watchers = Enumerable.Range(0, options.Watchers).Select(w => Task.Run(async () =>
        {
            using var watch = channels[w % ChannelsToB].Events().WatchEvents(new WatchEventsRequest { Kinds = { EventKind.ConsentGranted } }, cancellationToken: stop.Token);
            var first = true;
            try
            {
                await foreach (var item in watch.ResponseStream.ReadAllAsync(stop.Token))
                {
                    if (first)
                    {
                        ready.Signal();
                        first = false;
                    }

                    if (item.Event?.Event.EventId.StartsWith("ev_bench", StringComparison.Ordinal) == true)
                    {
                        Interlocked.Increment(ref counts[w]);
                    }
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
        })).ToList();
        ready.Wait(TimeSpan.FromSeconds(60));

        await using var database = NpgsqlDataSource.Create(options.Database);
        var perTick = Math.Max(1, (int)(options.Rate * Tick.TotalSeconds));
        var ticks = (int)(options.Seconds / Tick.TotalSeconds);
        long maxBacklog = 0;
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxBacklog = Math.Max(maxBacklog, await BacklogAsync(database));
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        });

        var started = Stopwatch.GetTimestamp();
        var written = 0;
        for (var tick = 0; tick < ticks; tick++)
        {
            await WriteAsync(database, cast, written, perTick);
            written += perTick;
            var due = started + (long)((tick + 1) * Tick.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        var lastWrite = Stopwatch.GetTimestamp();
        var writeRate = written / Stopwatch.GetElapsedTime(started, lastWrite).TotalSeconds;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (counts.Any(count => count < written) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        var complete = Stopwatch.GetTimestamp();
        var allDelivered = counts.All(count => count >= written);
        await stop.CancelAsync();
        await Task.WhenAll(watchers);
        await sampling;
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        var delivered = counts.Sum(count => (long)count);
        return new FanOutResult(written, writeRate, delivered / Stopwatch.GetElapsedTime(started, complete).TotalSeconds,
            Stopwatch.GetElapsedTime(lastWrite, complete), maxBacklog, await BacklogAsync(database), allDelivered);
    }

    /// <summary>A batch of ConsentGranted events for the employment centre, into the outbox as a change's transaction writes them, with the commit's NOTIFY.</summary>
    private static async Task WriteAsync(NpgsqlDataSource database, BenchCast cast, int from, int count)
    {
        var ids = Enumerable.Range(from, count).Select(n => $"ev_bench{n:D20}").ToArray();
        var payloads = ids.Select(id => new HubEvent
        {
            EventId = id,
            OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
            PersonId = cast.PersonId,
            ConsentGranted = new ConsentGranted { Consent = new Consent { PersonId = cast.PersonId, RecipientAgencyId = cast.EmploymentId } },
        }.ToByteArray()).ToArray();
        await using var command = database.CreateCommand("""
            WITH inserted AS (
                INSERT INTO outbox_event (event_id, event_type, event_kind, person_id, audience, payload, created_at)
                SELECT id, 'ConsentGranted', 1, $2, $3, payload, now() FROM unnest($1::text[], $4::bytea[]) AS e(id, payload)
                RETURNING seq
            )
            SELECT pg_notify('hub_outbox', '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_row
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = cast.PersonId });
        command.Parameters.Add(new NpgsqlParameter { Value = new[] { cast.EmploymentId, cast.WelfareId } });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> BacklogAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM outbox_event, event_cursor WHERE cursor IS NULL OR cursor > dispatched_through");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
