using Hub.Consent.Identifiers;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Events;

/// <summary>The outbox as the relay and the watches read it: cursors given, delivery marked, events replayed.</summary>
internal sealed class EventStore(NpgsqlDataSource database, TimeProvider clock)
{
    private const string EventColumns = "cursor, event_kind, audience, payload";

    /// <summary>
    /// Gives the next committed events above the seq <paramref name="floor"/> without a cursor theirs, in the
    /// order of their seq, from the counter, in one statement. Only the relay (one node at a time)
    /// runs it, on its own connection. An event whose transaction has not committed is invisible here
    /// and gets a later cursor when it has: so a consumer past a cursor never has an event below it
    /// still to come. Also returns what the relay learns its next floor from.
    /// </summary>
    public static async Task<(IReadOnlyList<StoredEvent> Events, SequencingStatement Statement)> SequenceAsync(
        NpgsqlConnection relay, long floor, int limit, CancellationToken cancellationToken)
    {
        // The snapshot is the statement's own; the seq is read while the statement runs, after it.
        // The statement writes, so its transaction id is its own whether or not it numbers any event.
        await using var command = relay.Command($"""
            WITH batch AS (
                SELECT seq, row_number() OVER (ORDER BY seq) AS n
                FROM (SELECT seq FROM outbox_event WHERE cursor IS NULL AND seq > $2 ORDER BY seq LIMIT $1) AS unsequenced
            ),
            advanced AS (
                UPDATE event_cursor SET last_cursor = last_cursor + (SELECT count(*) FROM batch)
                RETURNING last_cursor - (SELECT count(*) FROM batch) AS before
            ),
            numbered AS (
                -- seq > $2 again so that a plan scanning outbox_event for rows without a cursor starts there too.
                UPDATE outbox_event o SET cursor = a.before + b.n FROM batch b, advanced a
                WHERE o.seq = b.seq AND o.seq > $2 AND o.cursor IS NULL
                RETURNING o.{EventColumns.Replace(", ", ", o.", StringComparison.Ordinal)}
            ),
            seen AS (
                SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
                       pg_current_xact_id()::text::bigint AS xid,
                       (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM outbox_event_seq_seq) AS drawn
            )
            SELECT {EventColumns}, seen.xmin, seen.xid, seen.drawn FROM seen LEFT JOIN numbered ON true ORDER BY cursor
            """).WithParameters(limit, floor);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // At least one row: what the statement saw is on every row, and the events' columns are null when it numbered none.
        await reader.ReadAsync(cancellationToken);
        var (xmin, xid, drawn) = (reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        var events = new List<StoredEvent>();
        if (!reader.IsDBNull(0))
        {
            do
            {
                events.Add(Read(reader));
            }
            while (await reader.ReadAsync(cancellationToken));
        }

        return (events, new SequencingStatement(xmin, xid, drawn, CutShort: events.Count == limit));
    }

    /// <summary>Events that have a cursor but were not published: a relay stopped, or the bus refused, between the two.</summary>
    public static async Task<IReadOnlyList<StoredEvent>> UndispatchedAsync(NpgsqlConnection relay, int limit, CancellationToken cancellationToken)
    {
        await using var command = relay.Command($"""
            SELECT {EventColumns} FROM outbox_event
            WHERE cursor > (SELECT dispatched_through FROM event_cursor) ORDER BY cursor LIMIT $1
            """).WithParameters(limit);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Marks the batch published: the relay publishes in cursor order, batch after batch, so every
    /// event up to the batch's last cursor is on the bus.
    /// </summary>
    public static async Task MarkDispatchedAsync(NpgsqlConnection relay, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await using var command = relay.Command("UPDATE event_cursor SET dispatched_through = greatest(dispatched_through, $1)")
            .WithParameters(events.Max(e => e.Cursor.Position));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The last cursor given, and the last one removed by the retention cleanup.</summary>
    public async Task<(EventCursor Last, EventCursor RemovedThrough)> BoundsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT last_cursor, removed_through FROM event_cursor");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (new EventCursor(reader.GetInt64(0)), new EventCursor(reader.GetInt64(1)));
    }

    /// <summary>The events with a cursor after <paramref name="after"/>, for every audience, in order: what a node's feed missed.</summary>
    public async Task<IReadOnlyList<StoredEvent>> AfterAsync(EventCursor after, EventCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(before is null
                ? $"SELECT {EventColumns} FROM outbox_event WHERE cursor > $1 ORDER BY cursor LIMIT $2"
                : $"SELECT {EventColumns} FROM outbox_event WHERE cursor > $1 AND cursor < $3 ORDER BY cursor LIMIT $2")
            .WithParameters([after.Position, limit, .. before is { } end ? new object[] { end.Position } : []]);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The agency's events of <paramref name="kinds"/> (all kinds when null) with a cursor in (<paramref name="after"/>, <paramref name="through"/>], in order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ForAgencyAsync(
        AgencyId agency, short[]? kinds, EventCursor after, EventCursor through, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {EventColumns} FROM outbox_event
            WHERE audience @> ARRAY[$1] AND cursor > $2 AND cursor <= $3{(kinds is null ? string.Empty : " AND event_kind = ANY ($5)")}
            ORDER BY cursor LIMIT $4
            """).WithParameters([agency.Value, after.Position, through.Position, limit, .. kinds is null ? Array.Empty<object>() : [kinds]]);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Removes the delivered events older than <paramref name="retention"/> and moves the expiry
    /// line up to the last of them: a cursor below it may have missed events that are gone.
    /// </summary>
    public async Task<(int Count, long Through)> RemoveExpiredAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH removed AS (
                DELETE FROM outbox_event
                WHERE cursor <= (SELECT max(cursor) FROM outbox_event
                                 WHERE cursor <= (SELECT dispatched_through FROM event_cursor) AND created_at < $1)
                RETURNING cursor
            ),
            moved AS (
                UPDATE event_cursor SET removed_through = greatest(removed_through, (SELECT max(cursor) FROM removed))
                WHERE EXISTS (SELECT FROM removed) RETURNING removed_through
            )
            SELECT (SELECT count(*) FROM removed)::int, coalesce((SELECT removed_through FROM moved), 0)
            """).WithParameters((clock.GetUtcNow() - retention).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt64(1));
    }

    /// <summary>A delivered (sequenced) event, read in the caller's transaction.</summary>
    public static async Task<StoredEvent?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, HubEventId id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {EventColumns} FROM outbox_event WHERE event_id = $1 AND cursor IS NOT NULL", transaction)
            .WithParameters(id.Value);
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The agency's acknowledgment of the event, if it made one.</summary>
    public static async Task<(DateTimeOffset At, string RecordId)?> AcknowledgmentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, HubEventId id, AgencyId agency, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT acknowledged_at, access_record_id FROM event_acknowledgment WHERE event_id = $1 AND agency_id = $2", transaction)
            .WithParameters(id.Value, agency.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero), reader.GetString(1))
            : null;
    }

    public static async Task AddAcknowledgmentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, HubEventId id, AgencyId agency, DateTimeOffset at, string recordId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO event_acknowledgment (event_id, agency_id, acknowledged_at, access_record_id) VALUES ($1, $2, $3, $4)", transaction)
            .WithParameters(id.Value, agency.Value, at.UtcDateTime, recordId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<StoredEvent>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader));
        }

        return events;
    }

    private static StoredEvent Read(NpgsqlDataReader reader) => new(
        new EventCursor(reader.GetInt64(0)),
        (EventKind)reader.GetInt16(1),
        reader.GetFieldValue<string[]>(2),
        HubEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(3)));
}
