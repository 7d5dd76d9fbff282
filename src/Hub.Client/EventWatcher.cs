using System.Globalization;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Hub.V1;

namespace Hub.Client;

/// <summary>
/// Watches the hub's events for as long as the caller reads, resuming after the last cursor it saw —
/// of an event or of a heartbeat — whenever the stream breaks, with a growing pause between tries.
/// Store <see cref="Cursor"/> once an item is handled, and pass it to a new watcher after a restart:
/// nothing is missed and nothing comes twice.
/// </summary>
/// <example>
/// <code>
/// var watcher = new EventWatcher(channel.Events()) { Cursor = checkpoint.Load() };
/// await foreach (var item in watcher.WatchAsync(cancellationToken: stopping))
/// {
///     if (item.Event is { } delivered) { Handle(delivered.Event); }
///     checkpoint.Save(watcher.Cursor);
/// }
/// </code>
/// </example>
public sealed class EventWatcher(EventService.EventServiceClient client)
{
    /// <summary>Where the watch stands: the cursor of the last event or heartbeat read; empty for "from now".</summary>
    public string Cursor { get; set; } = string.Empty;

    /// <summary>The pause after the first failure; it doubles on each failure in a row, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The caller's events (and heartbeats) of <paramref name="kinds"/> (every kind when empty), from
    /// <see cref="Cursor"/> on. Ends only when <paramref name="cancellationToken"/> is cancelled or the
    /// hub refuses the watch for good (bad input, no access, CURSOR_EXPIRED): those are thrown, and
    /// cancellation as <see cref="OperationCanceledException"/>.
    /// </summary>
    public async IAsyncEnumerable<WatchEventsResponse> WatchAsync(
        IEnumerable<EventKind>? kinds = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var asked = kinds?.ToArray() ?? [];
        var delay = FirstRetryDelay;
        while (true)
        {
            using var call = client.WatchEvents(new WatchEventsRequest { AfterCursor = Cursor, Kinds = { asked } }, cancellationToken: cancellationToken);
            var stream = call.ResponseStream;
            while (true)
            {
                WatchEventsResponse? item;
                try
                {
                    item = await stream.MoveNext(cancellationToken) ? stream.Current : null;
                }
                catch (RpcException failure) when (failure.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
                {
                    // The caller stopped watching: say so as .NET does, not as a failed call.
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (RpcException failure) when (IsPassing(failure))
                {
                    break;
                }

                if (item is null)
                {
                    // The hub ended the stream (it is stopping): resume at once.
                    break;
                }

                delay = FirstRetryDelay;
                var cursor = item.Event?.Cursor ?? item.Heartbeat.Cursor;
                if (IsAfter(cursor, Cursor))
                {
                    Cursor = cursor;
                    yield return item;
                }
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>A failure that a later try may not meet: the hub or the network away, or a stream cut.</summary>
    private static bool IsPassing(RpcException failure) =>
        failure.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Cancelled or StatusCode.DeadlineExceeded;

    /// <summary>Whether a cursor is past another; a heartbeat may repeat the cursor it last gave, which is nothing new.</summary>
    private static bool IsAfter(string cursor, string last) =>
        last.Length == 0 || long.Parse(cursor, NumberStyles.None, CultureInfo.InvariantCulture) > long.Parse(last, NumberStyles.None, CultureInfo.InvariantCulture);
}
