using System.Collections.Concurrent;
using Hub.Consent.Identifiers;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// Records changes in, and reads, the audit trail (A1–A3). A change's records are written in its
/// transaction, so neither commits without the other, to <c>audit_pending</c>; the node's
/// <see cref="AuditAppender"/> chains them onto the trail as soon as the transaction has committed,
/// before the change is answered (<see cref="AuditedTransaction"/>). Disclosures' records go to the
/// appender directly.
/// </summary>
internal sealed class AuditTrail(NpgsqlDataSource database, AuditAppender appender, TimeProvider clock)
{
    /// <summary>The stored columns in <see cref="ChainedRecord"/> order, then the two hashes.</summary>
    public const string Columns =
        "seq, record_id, occurred_at, person_id, accessor_agency_id, action, purpose, categories, consent_ids, author_agency_ids, break_glass, justification, meeting_id, event_id, prev_hash, hash";

    /// <summary>The columns a record has before it is chained: <see cref="Columns"/> without seq and the hashes.</summary>
    public const string ContentColumns =
        "record_id, occurred_at, person_id, accessor_agency_id, action, purpose, categories, consent_ids, author_agency_ids, break_glass, justification, meeting_id, event_id";

    private const string AddPending = $"INSERT INTO audit_pending ({ContentColumns}) SELECT {ContentColumns} FROM {RecordColumns.Rows}";

    /// <summary>The change transactions under way on this node, each with the records it wrote so far.</summary>
    private readonly ConcurrentDictionary<NpgsqlTransaction, AuditedTransaction> _changes = new();

    /// <summary>
    /// Follows a change's transaction: records the change writes with <see cref="AppendAsync"/> are
    /// chained once it commits through <see cref="AuditedTransaction.CommitAsync"/>.
    /// </summary>
    public AuditedTransaction Follow(NpgsqlTransaction transaction)
    {
        var audited = new AuditedTransaction(transaction, appender, () => _changes.TryRemove(transaction, out _));
        return _changes.TryAdd(transaction, audited) ? audited : throw new InvalidOperationException("This transaction is followed already.");
    }

    /// <summary>
    /// Writes the entries, in order, in the change's transaction (which <see cref="Follow"/> must
    /// follow); they are chained when it commits. The records are as old as this call.
    /// </summary>
    public async Task<AppendedRecords> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var audited = _changes.GetValueOrDefault(transaction)
            ?? throw new InvalidOperationException("A change's audit records need its transaction followed (AuditTrail.Follow), or they would wait for the sweep.");
        var occurredAt = ChainedRecord.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        var columns = new RecordColumns(entries.Count);
        var ids = new AccessRecordId[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            ids[i] = OpaqueId.New<AccessRecordId>();
            columns.Add(Draft(ids[i], entries[i], occurredAt), [], []);
        }

        await using var insert = connection.Command(AddPending, transaction).WithParameters(columns.Parameters);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        audited.Wrote(ids);
        return new AppendedRecords(ids, ChainedRecord.FromMicroseconds(occurredAt));
    }

    /// <summary>The person's records in chain order, after the record numbered <paramref name="afterSeq"/>.</summary>
    public async Task<IReadOnlyList<ChainedRecord>> ListAsync(
        PersonId person, short[]? actions, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM audit_record
            WHERE person_id = $1 AND ($2::smallint[] IS NULL OR action = ANY ($2)) AND seq > $3
            ORDER BY seq LIMIT $4
            """).WithParameters(person.Value, actions, afterSeq, limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// The person's records newest first, before the record numbered <paramref name="beforeSeq"/>
    /// (all when null), optionally only those of one action under one consent. The person's range is
    /// written as a range of the (person_id, seq) index, so the plan walks that index backwards and
    /// stops at the page's end even before the table has statistics; as "person_id = $1 AND seq &lt; $2"
    /// a fresh table's plan fetched and sorted all of the person's records on every page (33 ms for 10,000).
    /// </summary>
    public async Task<IReadOnlyList<ChainedRecord>> ListNewestFirstAsync(
        PersonId person, long? beforeSeq, int limit, CancellationToken cancellationToken, AuditAction? action = null, ConsentId? underConsent = null)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM audit_record
            WHERE (person_id, seq) < ($1, $2) AND (person_id, seq) > ($1, -1)
              AND ($4::smallint IS NULL OR action = $4) AND ($5::text IS NULL OR $5 = ANY (consent_ids))
            ORDER BY person_id DESC, seq DESC LIMIT $3
            """).WithParameters(person.Value, beforeSeq ?? long.MaxValue, limit, (short?)action, underConsent?.Value);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>One of the person's records; null when there is none of that id for this person.</summary>
    public async Task<ChainedRecord?> FindAsync(PersonId person, string recordId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM audit_record WHERE person_id = $1 AND record_id = $2")
            .WithParameters(person.Value, recordId);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<ChainedRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ChainedRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>, without its hashes.</summary>
    public static ChainedRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        ChainedRecord.ToMicroseconds(reader.GetFieldValue<DateTime>(2)),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt16(5),
        reader.GetInt16(6),
        reader.GetFieldValue<short[]>(7),
        reader.GetFieldValue<string[]>(8),
        reader.GetFieldValue<string[]>(9),
        reader.GetBoolean(10),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.IsDBNull(13) ? null : reader.GetString(13));

    /// <summary>The record an entry becomes, not yet chained: its seq is given when it is.</summary>
    public static ChainedRecord Draft(AccessRecordId id, AuditEntry entry, long occurredAt) => new(
        0,
        id.Value,
        occurredAt,
        entry.Person.Value,
        entry.Accessor.Value,
        (short)entry.Action,
        (short)entry.Purpose,
        [.. entry.Categories.Select(category => (short)category)],
        [.. entry.ConsentIds.Select(id => id.Value)],
        [.. entry.AuthorAgencies.Select(id => id.Value)],
        entry.BreakGlass,
        entry.Justification,
        entry.Meeting?.Value,
        entry.Event?.Value);
}
