using Hub.Storage;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// Writes records onto the end of the audit chain (A3). Only <see cref="AuditAppender"/> calls it:
/// each node has one writer, and every append advances the chain's head row in the statement that
/// writes the records, and only from the head they were chained onto, so nodes appending at once
/// still form one line.
/// </summary>
internal static class AuditChain
{
    /// <summary>
    /// One statement appends a batch and advances the head, but only from the head the batch was
    /// chained onto: had another writer moved it meanwhile, nothing is written (0 rows).
    /// </summary>
    private const string AppendAfterHead = $"""
        WITH advanced AS (
            UPDATE audit_chain_head SET seq = $23, hash = $24 WHERE seq = $25 AND hash = $26 RETURNING true
        )
        INSERT INTO audit_record ({AuditTrail.Columns})
        SELECT {AuditTrail.Columns} FROM {RecordColumns.Rows}
        WHERE EXISTS (SELECT FROM advanced)
        """;

    /// <summary>
    /// Chains <paramref name="drafts"/> (their <see cref="ChainedRecord.Seq"/> is given here) onto
    /// <paramref name="head"/> as the caller last knew it, in the caller's transaction or, without one,
    /// as a transaction of its own in one round trip. Returns the new head; null, having written
    /// nothing, when another writer has moved the head since.
    /// </summary>
    public static async Task<ChainHead?> TryAppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ChainHead head, IReadOnlyList<ChainedRecord> drafts, CancellationToken cancellationToken)
    {
        var columns = new RecordColumns(drafts.Count);
        var (seq, previousHash) = head;
        foreach (var draft in drafts)
        {
            var record = draft with { Seq = ++seq };
            var hash = record.Hash(previousHash);
            columns.Add(record, previousHash, hash);
            previousHash = hash;
        }

        await using var append = connection.Command(AppendAfterHead, transaction)
            .WithParameters([.. columns.Parameters, seq, previousHash, head.Seq, head.Hash]);
        var written = await append.ExecuteNonQueryAsync(cancellationToken);
        return written == drafts.Count ? new ChainHead(seq, previousHash) : null;
    }

    /// <summary>
    /// Chains the drafts in the caller's transaction under a lock on the head row that stays until
    /// that transaction ends: the path when the head is not where this writer left it.
    /// </summary>
    public static async Task<ChainHead> AppendLockedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ChainedRecord> drafts, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(connection, transaction, forUpdate: true, cancellationToken);
        return await TryAppendAsync(connection, transaction, head, drafts, cancellationToken)
            ?? throw new InvalidOperationException("The audit chain's head moved while this transaction held its lock.");
    }

    /// <summary>The chain's head; <paramref name="forUpdate"/> locks it until the transaction ends.</summary>
    public static async Task<ChainHead> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(forUpdate ? "SELECT seq, hash FROM audit_chain_head FOR UPDATE" : "SELECT seq, hash FROM audit_chain_head", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ChainHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
    }
}
