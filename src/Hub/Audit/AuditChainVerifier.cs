using System.Data;
using Hub.Storage;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// Walks the audit chain from its first record and finds the first place it no longer holds together
/// (A3): a record whose content no longer matches its hash, a record whose predecessor was rewritten,
/// a gap where records were removed, or records cut off the end.
/// </summary>
internal sealed class AuditChainVerifier(NpgsqlDataSource database)
{
    public async Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One snapshot for the records and the head, so appends made meanwhile are neither half seen nor reported as tampering.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (headSeq, headHash) = await AuditChain.ReadHeadAsync(connection, transaction, forUpdate: false, cancellationToken);

        await using var command = connection.Command($"SELECT {AuditTrail.Columns} FROM audit_record ORDER BY seq", transaction);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        var expectedSeq = 1L;
        var previousHash = new byte[ChainedRecord.HashLength];
        string? previousId = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = AuditTrail.Read(reader);
            var storedPrevious = reader.GetFieldValue<byte[]>(14);
            var storedHash = reader.GetFieldValue<byte[]>(15);
            var verified = expectedSeq - 1;
            if (record.Seq != expectedSeq)
            {
                return AuditChainReport.Broken(verified, record.RecordId,
                    $"Records {expectedSeq} to {record.Seq - 1} are missing before record {record.Seq}.");
            }

            if (!record.Hash(storedPrevious).AsSpan().SequenceEqual(storedHash))
            {
                return AuditChainReport.Broken(verified, record.RecordId, $"Record {record.Seq} no longer matches its hash: its content was altered.");
            }

            if (!storedPrevious.AsSpan().SequenceEqual(previousHash))
            {
                // This record is intact, so the hash it holds of its predecessor is what the predecessor
                // hashed to when this one was appended: the predecessor was rewritten since, hash and all.
                return previousId is null
                    ? AuditChainReport.Broken(verified, record.RecordId, "The first record does not start the chain.")
                    : AuditChainReport.Broken(verified - 1, previousId, $"Record {record.Seq - 1} was rewritten, hash included, after record {record.Seq} was appended.");
            }

            previousHash = storedHash;
            previousId = record.RecordId;
            expectedSeq++;
        }

        var count = expectedSeq - 1;
        if (headSeq != count || !headHash.AsSpan().SequenceEqual(previousHash))
        {
            return AuditChainReport.Broken(count, previousId ?? string.Empty,
                headSeq > count
                    ? $"Records {count + 1} to {headSeq} were removed from the end of the chain."
                    : $"The chain's head says {headSeq} records, but {count} were found.");
        }

        return AuditChainReport.Intact(count);
    }
}

/// <summary>The outcome of <see cref="AuditChainVerifier.VerifyAsync"/>.</summary>
internal sealed record AuditChainReport(bool IsIntact, long VerifiedCount, string FirstBrokenRecordId, string Problem)
{
    public static AuditChainReport Intact(long count) => new(true, count, string.Empty, string.Empty);

    public static AuditChainReport Broken(long verified, string recordId, string problem) => new(false, verified, recordId, problem);
}
