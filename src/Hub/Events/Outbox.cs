using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Consent.Identifiers;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Events;

/// <summary>
/// Writes events for partner agencies into the outbox table, in the transaction of the change they
/// report: an event exists exactly when its change committed. Delivery reads the table later.
/// </summary>
internal static class Outbox
{
    /// <summary>Adds the event for the agencies in <paramref name="audience"/> and returns it with its id and time filled in.</summary>
    public static async Task<HubEvent> AddAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        HubEvent hubEvent,
        IEnumerable<AgencyId> audience,
        DateTimeOffset occurredAt,
        CancellationToken cancellationToken)
    {
        hubEvent.EventId = OpaqueId.New<HubEventId>().Value;
        hubEvent.OccurredAt = Timestamp.FromDateTimeOffset(occurredAt);
        await using var insert = connection.Command(
            "INSERT INTO outbox_event (event_id, event_type, person_id, audience, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)", transaction)
            .WithParameters(
                hubEvent.EventId,
                hubEvent.KindCase.ToString(),
                hubEvent.PersonId.Length == 0 ? null : hubEvent.PersonId,
                audience.Select(agency => agency.Value).Distinct().Order(StringComparer.Ordinal).ToArray(),
                hubEvent.ToByteArray(),
                occurredAt.UtcDateTime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return hubEvent;
    }
}
