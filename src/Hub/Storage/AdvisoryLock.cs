using Npgsql;

namespace Hub.Storage;

/// <summary>
/// PostgreSQL advisory locks on a text key. Transaction-scoped ones serialise work that has no row to
/// lock yet (the first answer to a request id, the next version number), across every hub node; a
/// session-scoped one elects the one node that does some work (the outbox relay) for as long as its
/// connection lives.
/// </summary>
internal static class AdvisoryLock
{
    private const string TakeStatement = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

    /// <summary>Waits for the lock on <paramref name="key"/>; it is released when the transaction ends.</summary>
    public static async Task TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(TakeStatement, transaction).WithParameters(key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="TakeAsync"/> as the first command of a batch, so that the batch's next statements
    /// run under the lock without a round trip of their own; its one row is to be skipped.
    /// </summary>
    public static NpgsqlBatchCommand Take(string key) => new NpgsqlBatchCommand(TakeStatement).WithParameters(key);

    /// <summary>Takes the session lock on <paramref name="key"/> if no other session holds it; it is held until released or the connection closes.</summary>
    public static async Task<bool> TryTakeForSessionAsync(NpgsqlConnection session, string key, CancellationToken cancellationToken)
    {
        await using var command = session.Command("SELECT pg_try_advisory_lock(hashtextextended($1, 0))").WithParameters(key);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
