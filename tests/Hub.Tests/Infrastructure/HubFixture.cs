namespace Hub.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "Hub";
}

/// <summary>
/// One hub shared by the "Hub" collection's tests, on its own PostgreSQL. Tests register the agencies
/// and people they need, so they don't see each other's data; every log line is captured.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();

    public HubServer Hub { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        Hub = await HubServer.StartAsync(_postgres, configure: CapturedLogs.Into(Logs));
    }

    public async Task DisposeAsync()
    {
        // The hub's disposal reports the unexpected errors it logged by throwing; the cluster stops all the same.
        try
        {
            await Hub.DisposeAsync();
        }
        finally
        {
            await _postgres.DisposeAsync();
        }
    }
}
