using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Transaction-scoped PostgreSQL advisory locks on a text key: serialise work that has no row to lock
/// yet (the first answer to a request id, the next version number), across every hub node.
/// </summary>
internal static class AdvisoryLock
{
    /// <summary>Waits for the lock on <paramref name="key"/>; it is released when the transaction ends.</summary>
    public static async Task TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", transaction).WithParameters(key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
