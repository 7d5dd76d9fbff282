using Grpc.Core;
using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace Hub.Tests.Infrastructure;

/// <summary>A WatchEvents stream read in the background: what it delivered so far, and waits on it.</summary>
public sealed class EventWatch : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<WatchEventsResponse> _call;
    private readonly List<WatchEventsResponse> _received = [];
    private readonly Task _reading;

    private EventWatch(AsyncServerStreamingCall<WatchEventsResponse> call)
    {
        _call = call;
        _reading = Task.Run(async () =>
        {
            await foreach (var item in _call.ResponseStream.ReadAllAsync())
            {
                lock (_received)
                {
                    _received.Add(item);
                }
            }
        });
    }

    public static EventWatch Start(GrpcChannel channel, string afterCursor = "", params EventKind[] kinds) =>
        new(channel.Events().WatchEvents(new WatchEventsRequest { AfterCursor = afterCursor, Kinds = { kinds } }));

    public IReadOnlyList<DeliveredEvent> Events
    {
        get
        {
            lock (_received)
            {
                return [.. _received.Where(item => item.ItemCase == WatchEventsResponse.ItemOneofCase.Event).Select(item => item.Event)];
            }
        }
    }

    public IReadOnlyList<Heartbeat> Heartbeats
    {
        get
        {
            lock (_received)
            {
                return [.. _received.Where(item => item.ItemCase == WatchEventsResponse.ItemOneofCase.Heartbeat).Select(item => item.Heartbeat)];
            }
        }
    }

    /// <summary>Waits for the first delivered event that matches, failing if the stream ends first.</summary>
    public async Task<DeliveredEvent> UntilAsync(Func<HubEvent, bool> match, string what)
    {
        DeliveredEvent? found = null;
        await Poll.UntilAsync(() =>
        {
            found = Events.FirstOrDefault(delivered => match(delivered.Event));
            return found is not null || _reading.IsCompleted;
        }, what);
        if (found is null)
        {
            await _reading;
            Assert.Fail($"The stream ended before {what}.");
        }

        return found!;
    }

    /// <summary>Waits for the stream to be caught up: its first heartbeat.</summary>
    public Task<Heartbeat> ReadyAsync() => HeartbeatAsync(0);

    /// <summary>Waits for more than <paramref name="seen"/> heartbeats and returns the last.</summary>
    public async Task<Heartbeat> HeartbeatAsync(int seen)
    {
        await Poll.UntilAsync(() => Heartbeats.Count > seen || _reading.IsCompleted, "a heartbeat");
        if (Heartbeats.Count <= seen)
        {
            await _reading;
        }

        return Heartbeats[^1];
    }

    /// <summary>How the stream ended, once it has.</summary>
    public async Task<RpcException> FailureAsync()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => _reading);
        return failure;
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reading;
        }
        catch (RpcException)
        {
            // Cancelled by the dispose, or a failure the test has read through FailureAsync or UntilAsync.
        }
    }
}
