using Npgsql;

namespace Hub.Storage;

/// <summary>What a failure from PostgreSQL means for the caller.</summary>
internal static class DatabaseFailure
{
    /// <summary>
    /// True when the database could not be reached or could not serve at the moment: the connection
    /// was refused, broke or timed out (Npgsql's IsTransient), or the server said it is shutting
    /// down, starting, out of resources or failing (SQLSTATE classes 08, 53, 57P and 58). Retrying later is safe.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("58", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
