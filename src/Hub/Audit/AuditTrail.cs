using Hub.Consent.Identifiers;
using Hub.Storage;
using Npgsql;
using NpgsqlTypes;

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
        // COPY rather than an INSERT per record: a group commit carries many records, and COPY costs
        // PostgreSQL one statement for all of them.
        await using (var import = await connection.BeginBinaryImportAsync($"COPY audit_record ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var entry in entries)
            {
                var record = ToRecord(++seq, entry, occurredAt);
                var hash = record.Hash(previousHash);
                await WriteRowAsync(import, record, previousHash, hash, cancellationToken);
                previousHash = hash;
                ids.Add(OpaqueId.Parse<AccessRecordId>(record.RecordId));
            }

            await import.CompleteAsync(cancellationToken);
        }

        await using var advance = connection.Command("UPDATE audit_chain_head SET seq = $1, hash = $2", transaction).WithParameters(seq, previousHash);
        await advance.ExecuteNonQueryAsync(cancellationToken);
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

    private static async Task WriteRowAsync(NpgsqlBinaryImporter import, ChainedRecord record, byte[] previousHash, byte[] hash, CancellationToken cancellationToken)
    {
        await import.StartRowAsync(cancellationToken);
        await import.WriteAsync(record.Seq, NpgsqlDbType.Bigint, cancellationToken);
        await import.WriteAsync(record.RecordId, NpgsqlDbType.Text, cancellationToken);
        await import.WriteAsync(record.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await import.WriteAsync(record.PersonId, NpgsqlDbType.Text, cancellationToken);
        await import.WriteAsync(record.AccessorAgencyId, NpgsqlDbType.Text, cancellationToken);
        await import.WriteAsync(record.Action, NpgsqlDbType.Smallint, cancellationToken);
        await import.WriteAsync(record.Purpose, NpgsqlDbType.Smallint, cancellationToken);
        await import.WriteAsync(record.Categories, NpgsqlDbType.Array | NpgsqlDbType.Smallint, cancellationToken);
        await import.WriteAsync(record.ConsentIds, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await import.WriteAsync(record.AuthorAgencyIds, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await import.WriteAsync(record.BreakGlass, NpgsqlDbType.Boolean, cancellationToken);
        if (record.Justification is null)
        {
            await import.WriteNullAsync(cancellationToken);
        }
        else
        {
            await import.WriteAsync(record.Justification, NpgsqlDbType.Text, cancellationToken);
        }

        await import.WriteAsync(previousHash, NpgsqlDbType.Bytea, cancellationToken);
        await import.WriteAsync(hash, NpgsqlDbType.Bytea, cancellationToken);
    }

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
