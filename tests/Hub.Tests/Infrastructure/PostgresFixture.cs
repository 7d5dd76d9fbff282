namespace Hub.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}

/// <summary>
/// The PostgreSQL server the "Postgres" collection's tests use: the one whose connection string is
/// in HUB_TEST_POSTGRES (it must be allowed to create databases), or else a throwaway embedded
/// cluster started for the test run and removed after it.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ServerVariable = "HUB_TEST_POSTGRES";

    private TemporaryCluster? _cluster;
    private string? _serverConnectionString;

    public async Task InitializeAsync()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(_serverConnectionString))
        {
            _cluster = await TemporaryCluster.StartAsync();
            _serverConnectionString = _cluster.Postgres.ConnectionString;
        }
    }

    /// <summary>A fresh database, so tests never see each other's tables.</summary>
    public Task<TestDatabase> CreateDatabaseAsync() =>
        TestDatabase.CreateAsync(_serverConnectionString ?? throw new InvalidOperationException("The fixture has not started."));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
