using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Brings the database schema up to date: applies each migration the database has not recorded in
/// schema_version, in version order, each in its own transaction together with its record.
/// </summary>
internal sealed class DatabaseMigrator
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger<DatabaseMigrator> _logger;

    public DatabaseMigrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger<DatabaseMigrator> logger)
    {
        _dataSource = dataSource;
        _migrations = [.. migrations.OrderBy(migration => migration.Version)];
        _logger = logger;
    }

    /// <summary>Applies the missing migrations and returns how many this call applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        // Hub nodes starting together take turns holding this advisory lock, and the later ones find
        // the work done. Any fixed number works; this is "hub_mig" in ASCII.
        const long migrationLockKey = 0x6875625F6D6967;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // A session lock rather than a transaction lock, because each migration commits on its own.
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", migrationLockKey, cancellationToken);
        try
        {
            var applied = await AppliedVersionsAsync(connection, cancellationToken);
            var count = 0;
            foreach (var migration in _migrations.Where(migration => !applied.Contains(migration.Version)))
            {
                _logger.ApplyingMigration(migration.Version, migration.Description);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                }
                await using (var record = new NpgsqlCommand("INSERT INTO schema_version (version, description) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new() { Value = migration.Version });
                    record.Parameters.Add(new() { Value = migration.Description });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                count++;
            }
            _logger.DatabaseSchemaCurrent(_migrations.Count == 0 ? 0 : _migrations[^1].Version, count);
            return count;
        }
        finally
        {
            // Pooled connections outlive this method, so the lock must be released explicitly; if the
            // connection broke, the server has already released it with the session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", migrationLockKey, CancellationToken.None);
            }
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // schema_version is created by the first migration, so a database without it has none applied.
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return [];
        }
        await using var select = new NpgsqlCommand("SELECT version FROM schema_version", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }
        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = key } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
