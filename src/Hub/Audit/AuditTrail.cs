using Hub.Consent.Identifiers;
using Hub.Storage;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// Appends to and reads the audit trail (A1–A3). Records are appended inside the transaction of the
/// change or disclosure they record, so neither commits without the other, and are chained under a
/// lock on the chain's head row, so nodes appending at once still form one line.
/// </summary>
internal sealed class AuditTrail(NpgsqlDataSource database, TimeProvider clock)
{
    /// <summary>The stored columns in <see cref="ChainedRecord"/> order, then the two hashes.</summary>
    public const string Columns =
        "seq, record_id, occurred_at, person_id, accessor_agency_id, action, purpose, categories, consent_ids, author_agency_ids, break_glass, justification, prev_hash, hash";

    /// <summary>
    /// Appends the entries, in order, in the caller's transaction. The head row stays locked until that
    /// transaction ends, so keep this the last statement before commit.
    /// </summary>
    public async Task<IReadOnlyList<AccessRecordId>> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        long seq;
        byte[] previousHash;
        await using (var head = connection.Command("SELECT seq, hash FROM audit_chain_head FOR UPDATE", transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            seq = reader.GetInt64(0);
            previousHash = reader.GetFieldValue<byte[]>(1);
        }

        // Read after the lock is held, so occurred_at never runs backwards along one node's part of the chain.
        var occurredAt = ChainedRecord.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        var ids = new List<AccessRecordId>(entries.Count);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in entries)
        {
            var record = ToRecord(++seq, entry, occurredAt);
            var hash = record.Hash(previousHash);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"INSERT INTO audit_record ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                .WithParameters(record.Seq, record.RecordId, record.OccurredAt, record.PersonId, record.AccessorAgencyId, record.Action, record.Purpose,
                    record.Categories, record.ConsentIds, record.AuthorAgencyIds, record.BreakGlass, record.Justification, previousHash, hash));
            previousHash = hash;
            ids.Add(OpaqueId.Parse<AccessRecordId>(record.RecordId));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE audit_chain_head SET seq = $1, hash = $2").WithParameters(seq, previousHash));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return ids;
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
        reader.IsDBNull(11) ? null : reader.GetString(11));

    private static ChainedRecord ToRecord(long seq, AuditEntry entry, long occurredAt) => new(
        seq,
        OpaqueId.New<AccessRecordId>().Value,
        occurredAt,
        entry.Person.Value,
        entry.Accessor.Value,
        (short)entry.Action,
        (short)entry.Purpose,
        [.. entry.Categories.Select(category => (short)category)],
        [.. entry.ConsentIds.Select(id => id.Value)],
        [.. entry.AuthorAgencies.Select(id => id.Value)],
        entry.BreakGlass,
        entry.Justification);
}
