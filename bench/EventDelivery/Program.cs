using EventDelivery;

// Event delivery between two hub nodes on one PostgreSQL and one RabbitMQ (bench/events/run.sh):
//   EventDelivery --node-a URL --node-b URL --token-url URL --admin-secret-file FILE --database CONNECTION
//                 [--events 1000] [--watchers 100] [--rate 2000] [--seconds 10]
// 1. latency: RevokeConsent returns on node A → the ConsentRevoked reaches a WatchEvents stream on
//    node B, one revocation at a time, p50/p99/max over --events;
// 2. fan-out: --watchers streams on node B while events are written into the outbox at --rate for
//    --seconds (straight into the table, as the relay sees them: the API's own writes can't reach that
//    rate here); events/s delivered to the watchers, the outbox backlog, how long after the last
//    write the last watcher had everything.
var options = BenchOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

var cast = await BenchCast.SetUpAsync(options);
var latency = await RevocationLatency.MeasureAsync(cast, options.Events);
Console.WriteLine($"revocation latency (node A RevokeConsent returned → node B stream), {latency.Count} events: " +
    $"p50 {latency.Percentile(0.50):F1} ms, p99 {latency.Percentile(0.99):F1} ms, max {latency.Max:F1} ms");
var fanOut = await FanOut.MeasureAsync(cast, options);
Console.WriteLine($"fan-out: {fanOut.Written} events written at {fanOut.WriteRate:F0}/s for {options.Seconds} s to {options.Watchers} watchers on node B: " +
    $"{fanOut.DeliveredPerSecond:F0} deliveries/s ({fanOut.DeliveredPerSecond / options.Watchers:F0} events/s per watcher), " +
    $"every watcher complete {fanOut.CompleteAfterLastWrite.TotalMilliseconds:F0} ms after the last write, outbox backlog at most {fanOut.MaxBacklog} events " +
    $"(sampled every 100 ms), {fanOut.FinalBacklog} left");
return fanOut.AllDelivered ? 0 : 1;
