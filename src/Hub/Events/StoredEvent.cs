using Google.Protobuf;
using Hub.Consent.Identifiers;
using Hub.V1;

namespace Hub.Events;

/// <summary>An event with its place in the hub's order and the agencies it is addressed to.</summary>
internal sealed record StoredEvent(EventCursor Cursor, EventKind Kind, string[] Audience, HubEvent Event)
{
    public bool IsFor(AgencyId agency) => Array.IndexOf(Audience, agency.Value) >= 0;

    public RelayedEvent ToRelayed() => new(Cursor.Position, (short)Kind, Audience, Event.ToByteArray());

    public static StoredEvent From(RelayedEvent relayed) =>
        new(new EventCursor(relayed.Cursor), (EventKind)relayed.Kind, relayed.Audience, HubEvent.Parser.ParseFrom(relayed.Payload));
}

/// <summary>
/// What the relay publishes on the bus for every hub node: a batch of events in cursor order. Nodes
/// pass them to their watchers; the store stays the record, so a node that misses a message reads
/// what it missed from there.
/// </summary>
public sealed record EventsRelayed(IReadOnlyList<RelayedEvent> Events);

/// <summary>One event on the bus: its cursor, <see cref="EventKind"/> number, audience and the serialized <see cref="HubEvent"/>.</summary>
public sealed record RelayedEvent(long Cursor, short Kind, string[] Audience, byte[] Payload);
