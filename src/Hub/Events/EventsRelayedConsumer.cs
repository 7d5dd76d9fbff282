using MassTransit;

namespace Hub.Events;

/// <summary>Hands each batch the relay published (on this node or another) to this node's feed.</summary>
internal sealed class EventsRelayedConsumer(EventFeed feed) : IConsumer<EventsRelayed>
{
    public Task Consume(ConsumeContext<EventsRelayed> context) =>
        feed.OfferAsync([.. context.Message.Events.Select(StoredEvent.From)], context.CancellationToken);
}
