using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Consent.Identifiers;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Events;

/// <summary>
/// Writes events for partner agencies into the outbox table, in the transaction of the change they
/// report: an event exists exactly when its change committed. The relay is woken by the
/// notification the commit sends (<see cref="Channel"/>) and gives the event its cursor.
/// </summary>
internal static class Outbox
{
    /// <summary>The PostgreSQL notification channel a commit that wrote events signals on.</summary>
    public const string Channel = "hub_outbox";

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
        // NOTIFY is sent at commit, and not at all on rollback; several in one transaction arrive as one.
        await using var insert = connection.Command($"""
            WITH inserted AS (
                INSERT INTO outbox_event (event_id, event_type, event_kind, person_id, audience, payload, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq
            )
            SELECT pg_notify('{Channel}', '') FROM inserted
            """, transaction)
            .WithParameters(
                hubEvent.EventId,
                hubEvent.KindCase.ToString(),
                (short)EventKinds.Of(hubEvent),
                hubEvent.PersonId.Length == 0 ? null : hubEvent.PersonId,
                audience.Select(agency => agency.Value).Distinct().Order(StringComparer.Ordinal).ToArray(),
                hubEvent.ToByteArray(),
                occurredAt.UtcDateTime);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return hubEvent;
    }
}
