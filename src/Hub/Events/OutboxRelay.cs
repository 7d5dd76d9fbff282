using Hub.Storage;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hub.Events;

/// <summary>
/// Delivers the outbox (E2). Every node runs one; the node whose relay holds the relay lock — a
/// session lock on the relay's own connection, so it passes to another node the moment that
/// connection dies — gives committed events their cursor, publishes them on the bus in cursor order
/// and marks them delivered. A relay that stops between publishing and marking leaves events the next
/// one publishes again: delivery is at least once, and consumers drop repeats by event id or cursor.
/// The holder also makes the announcements time makes due (<see cref="TimedEvents"/>) and removes
/// events past the retention.
/// </summary>
internal sealed class OutboxRelay(
    SessionDatabase sessions,
    EventStore store,
    TimedEvents timedEvents,
    IBus bus,
    IOptions<EventOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string LockKey = "hub:outbox-relay";

    /// <summary>Events per published message: a burst goes out in a few messages, not one per event.</summary>
    public const int BatchSize = 500;

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxPublishRetryDelay = TimeSpan.FromSeconds(10);

    private volatile bool _notified;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One session throughout: waiting for the lock costs a statement per poll, not a new backend.
                await using var session = await sessions.OpenConnectionAsync(stoppingToken);
                while (!await AdvisoryLock.TryTakeForSessionAsync(session, LockKey, stoppingToken))
                {
                    await Task.Delay(poll, clock, stoppingToken);
                }

                logger.RelayTaken();
                await RelayAsync(session, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
            {
                // The database's health monitor reports the outage; the relay only waits for it to end.
                logger.RelayWaiting(exception.Message);
                await Task.Delay(poll, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.RelayLost(exception);
                await Task.Delay(poll, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>While this node holds the lock: wake on each commit that wrote events (or every poll interval), relay until the outbox is empty.</summary>
    private async Task RelayAsync(NpgsqlConnection session, CancellationToken stoppingToken)
    {
        session.Notification += (_, _) => _notified = true;
        await using (var listen = session.Command($"LISTEN {Outbox.Channel}"))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        var retryDelay = TimeSpan.Zero;
        var nextScan = DateTimeOffset.MinValue;
        // Events with a cursor but unpublished are left only by a relay that stopped between the two
        // (so look once on taking over) or by a publish that failed here: not worth a query per batch.
        var mayHaveUnpublished = true;
        var floor = new SequencingFloor();
        while (!stoppingToken.IsCancellationRequested)
        {
            _notified = false;
            if (clock.GetUtcNow() >= nextScan)
            {
                await timedEvents.AnnounceDueAsync(stoppingToken);
                var (removed, through) = await store.RemoveExpiredAsync(options.Value.Retention, stoppingToken);
                if (removed > 0)
                {
                    logger.Removed(removed, through);
                }

                nextScan = clock.GetUtcNow() + options.Value.ScanInterval;
            }

            // Events left with a cursor but unpublished go first, so the bus sees cursors in order.
            var batch = mayHaveUnpublished ? await EventStore.UndispatchedAsync(session, BatchSize, stoppingToken) : [];
            mayHaveUnpublished = false;
            if (batch.Count == 0)
            {
                (batch, var statement) = await EventStore.SequenceAsync(session, floor.Seq, BatchSize, stoppingToken);
                floor.Observe(statement);
            }

            if (batch.Count > 0)
            {
                var failure = await PublishAsync(batch, stoppingToken);
                if (failure is null)
                {
                    await EventStore.MarkDispatchedAsync(session, batch, stoppingToken);
                    retryDelay = TimeSpan.Zero;
                    continue;
                }

                mayHaveUnpublished = true;
                retryDelay = retryDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxPublishRetryDelay.Ticks));
                logger.PublishFailed(batch.Count, retryDelay, failure);
                await Task.Delay(retryDelay, clock, stoppingToken);
                continue;
            }

            if (!_notified)
            {
                // Notifications that arrived while a statement ran were seen by the handler; this waits for the next.
                await session.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Publishes the batch as one message; null when the bus took it, else why not.</summary>
    private async Task<Exception?> PublishAsync(IReadOnlyList<StoredEvent> batch, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await bus.Publish(new EventsRelayed([.. batch.Select(e => e.ToRelayed())]), timeout.Token);
            return null;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            return exception;
        }
    }
}
