using System.Threading.Channels;
using Hub.Storage;
using Microsoft.Extensions.Options;

namespace Hub.Events;

/// <summary>
/// This node's view of the hub's events, in cursor order without a gap, handed to every watch
/// connected here. Events come from the bus; when one arrives past a gap (a message lost while a
/// node's queue was gone, say) the missing ones are read from the store first, and a poll of the
/// store every <see cref="EventOptions.FeedCheckInterval"/>, and whenever this node's queue is
/// (re)connected, brings what the bus has not, so a watch never waits on a message that will not come.
/// </summary>
internal sealed class EventFeed(EventStore store, IOptions<EventOptions> options, ILogger<EventFeed> logger) : BackgroundService
{
    /// <summary>Events a watch may fall behind before it is moved to catching up from the store.</summary>
    public const int WatchCapacity = 4096;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<bool> _checkSoon = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _watchers = new();
    private readonly List<Subscription> _subscriptions = [];
    private EventCursor? _last;

    /// <summary>
    /// A watch's place on the feed: every event after <see cref="From"/> that this node learns of,
    /// in order, until the watch falls <see cref="WatchCapacity"/> behind and the reader completes.
    /// </summary>
    public sealed class Subscription(EventFeed feed, EventCursor from) : IDisposable
    {
        private readonly Channel<StoredEvent> _events = Channel.CreateBounded<StoredEvent>(
            new BoundedChannelOptions(WatchCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        public EventCursor From { get; } = from;

        public ChannelReader<StoredEvent> Events => _events.Reader;

        /// <summary>Fell too far behind: the events after the last one read must come from the store.</summary>
        public bool Overflowed { get; private set; }

        internal void Offer(StoredEvent stored)
        {
            if (!_events.Writer.TryWrite(stored) && !Overflowed)
            {
                Overflowed = true;
                _events.Writer.TryComplete();
            }
        }

        public void Dispose() => feed.Remove(this);
    }

    /// <summary>Joins the feed at this node's latest cursor; events up to <see cref="Subscription.From"/> are the store's to give.</summary>
    public async Task<Subscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var last = await LastAsync(cancellationToken);
            var subscription = new Subscription(this, last);
            lock (_watchers)
            {
                _subscriptions.Add(subscription);
            }

            return subscription;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Events from the bus, in cursor order: the ones already seen are dropped, a gap before them is filled from the store.</summary>
    public async Task OfferAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var last = await LastAsync(cancellationToken);
            foreach (var stored in events)
            {
                if (stored.Cursor <= last)
                {
                    continue;
                }

                if (stored.Cursor > last.Next)
                {
                    last = await CatchUpAsync(last, stored.Cursor, cancellationToken);
                }

                Deliver(stored);
                last = stored.Cursor;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Asks for a check of the store now: this node's queue was just (re)connected, and what was
    /// published while it was gone reached every node but this one.
    /// </summary>
    public void CheckSoon() => _checkSoon.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                wait.CancelAfter(options.Value.FeedCheckInterval);
                try
                {
                    await _checkSoon.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The interval passed without a request: check all the same.
                }
            }

            try
            {
                await _gate.WaitAsync(stoppingToken);
                try
                {
                    await CatchUpAsync(await LastAsync(stoppingToken), null, stoppingToken);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
            {
                logger.FeedReadFailed(exception.Message);
            }
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Delivers the stored events after <paramref name="last"/> (and before <paramref name="before"/>, when given); returns the new last cursor.</summary>
    private async Task<EventCursor> CatchUpAsync(EventCursor last, EventCursor? before, CancellationToken cancellationToken)
    {
        while (true)
        {
            var missed = await store.AfterAsync(last, before, OutboxRelay.BatchSize, cancellationToken);
            foreach (var stored in missed)
            {
                Deliver(stored);
                last = stored.Cursor;
            }

            if (missed.Count < OutboxRelay.BatchSize)
            {
                return last;
            }
        }
    }

    /// <summary>Under the gate: where this node's feed stands, read from the store the first time.</summary>
    private async ValueTask<EventCursor> LastAsync(CancellationToken cancellationToken)
    {
        if (_last is { } known)
        {
            return known;
        }

        var (last, _) = await store.BoundsAsync(cancellationToken);
        _last = last;
        return last;
    }

    private void Deliver(StoredEvent stored)
    {
        lock (_watchers)
        {
            _last = stored.Cursor;
            foreach (var subscription in _subscriptions)
            {
                subscription.Offer(stored);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_watchers)
        {
            _subscriptions.Remove(subscription);
        }
    }
}
