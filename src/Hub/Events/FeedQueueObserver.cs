using MassTransit;

namespace Hub.Events;

/// <summary>
/// Tells this node's feed when its queue is ready — at start, and again after the broker was away
/// and the queue was made anew — so that it reads from the store what was published meanwhile.
/// </summary>
internal sealed class FeedQueueObserver(EventFeed feed) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        feed.CheckSoon();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
