using Npgsql;

namespace Hub.Tests.Infrastructure;

/// <summary>A database of its own on the test server, dropped when disposed.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string serverConnectionString)
    {
        var database = new TestDatabase(serverConnectionString, $"hub_test_{Guid.NewGuid():N}");
        await database.ExecuteOnServerAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>A data source of its own, as another hub node would have.</summary>
    public NpgsqlDataSource NewDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var dataSource = NewDataSource();
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() =>
        // FORCE ends sessions a test left open, e.g. in a pool it did not dispose.
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private async Task ExecuteOnServerAsync(string sql)
    {
        // No pool: the server connection is only needed for CREATE and DROP DATABASE.
        var server = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
