using Hub.Consent.Identifiers;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// Appends to and reads the audit trail (A1–A3). A change's records are appended inside its
/// transaction, so neither commits without the other; disclosures' records are group-committed by
/// <see cref="AuditAppender"/>. Every append advances the chain's head row in the statement that
/// writes the records, and only from the head they were chained onto, so nodes appending at once
/// still form one line.
/// </summary>
internal sealed class AuditTrail(NpgsqlDataSource database, TimeProvider clock)
{
    /// <summary>The stored columns in <see cref="ChainedRecord"/> order, then the two hashes.</summary>
    public const string Columns =
        "seq, record_id, occurred_at, person_id, accessor_agency_id, action, purpose, categories, consent_ids, author_agency_ids, break_glass, justification, meeting_id, event_id, prev_hash, hash";

    /// <summary>
    /// One statement appends a batch and advances the head, but only from the head the batch was
    /// chained onto: had another writer moved it meanwhile, nothing is written (0 rows).
    /// </summary>
    private const string AppendAfterHead = $"""
        WITH advanced AS (
            UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE seq = $3 AND hash = $4 RETURNING true
        )
        INSERT INTO audit_record ({Columns})
        SELECT r.seq, r.record_id, r.occurred_at, r.person_id, r.accessor_agency_id, r.action, r.purpose,
               ($5::smallint[])[r.categories_from:r.categories_to], ($6::text[])[r.consents_from:r.consents_to],
               ($7::text[])[r.authors_from:r.authors_to], r.break_glass, r.justification, r.meeting_id, r.event_id, r.prev_hash, r.hash
        FROM unnest($8::bigint[], $9::text[], $10::timestamptz[], $11::text[], $12::text[], $13::smallint[], $14::smallint[],
                    $15::int[], $16::int[], $17::int[], $18::int[], $19::int[], $20::int[],
                    $21::boolean[], $22::text[], $23::bytea[], $24::bytea[], $25::text[], $26::text[])
            AS r(seq, record_id, occurred_at, person_id, accessor_agency_id, action, purpose,
                 categories_from, categories_to, consents_from, consents_to, authors_from, authors_to,
                 break_glass, justification, prev_hash, hash, meeting_id, event_id)
        WHERE EXISTS (SELECT FROM advanced)
        """;

    /// <summary>
    /// Appends the entries, in order, in the caller's transaction, under a lock on the chain's head row
    /// that stays until that transaction ends — so keep this the last statement before commit.
    /// </summary>
    public async Task<AppendedRecords> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(connection, transaction, forUpdate: true, cancellationToken);
        return await TryAppendAsync(connection, transaction, head, entries, cancellationToken)
            ?? throw new InvalidOperationException("The audit chain's head moved while this transaction held its lock.");
    }

    /// <summary>
    /// Appends the entries as a transaction of their own, in one round trip, chained onto
    /// <paramref name="head"/> as the caller last knew it. Returns null, having written nothing, when
    /// another writer has moved the head since; <see cref="AppendAsync"/> under a lock then always succeeds.
    /// </summary>
    public Task<AppendedRecords?> TryAppendAfterAsync(NpgsqlConnection connection, ChainHead head, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        TryAppendAsync(connection, null, head, entries, cancellationToken);

    /// <summary>The chain's head; <paramref name="forUpdate"/> locks it until the transaction ends.</summary>
    public static async Task<ChainHead> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(forUpdate ? "SELECT seq, hash FROM audit_chain_head FOR UPDATE" : "SELECT seq, hash FROM audit_chain_head", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ChainHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }

    private async Task<AppendedRecords?> TryAppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ChainHead head, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        // Taken once the head is known, so along one writer's records occurred_at never runs backwards.
        var occurredAt = ChainedRecord.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        var columns = new RecordColumns(entries.Count);
        var ids = new AccessRecordId[entries.Count];
        var (seq, previousHash) = head;
        for (var i = 0; i < entries.Count; i++)
        {
            ids[i] = OpaqueId.New<AccessRecordId>();
            var record = ToRecord(++seq, ids[i], entries[i], occurredAt);
            var hash = record.Hash(previousHash);
            columns.Add(record, previousHash, hash);
            previousHash = hash;
        }

        await using var append = connection.Command(AppendAfterHead, transaction)
            .WithParameters([seq, previousHash, head.Seq, head.Hash, .. columns.Parameters]);
        var written = await append.ExecuteNonQueryAsync(cancellationToken);
        return written == entries.Count ? new AppendedRecords(ids, ChainedRecord.FromMicroseconds(occurredAt), new ChainHead(seq, previousHash)) : null;
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

    private static ChainedRecord ToRecord(long seq, AccessRecordId id, AuditEntry entry, long occurredAt) => new(
        seq,
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
