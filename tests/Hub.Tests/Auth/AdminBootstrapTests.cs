using System.Text.Json;
using Hub.Auth;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Tests.Auth;

/// <summary>The operator's hub-admin client: a generated secret on first start, or the one HUB_ADMIN_CLIENT_SECRET gives.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdminBootstrapTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"hub-admin-{Guid.NewGuid():N}");
    private HubServer _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await HubServer.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["HUB_ADMIN_CLIENT_SECRET"] = string.Empty,
            ["Hub:DataDir"] = _dataDirectory,
        });

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Without_a_configured_secret_one_is_generated_into_an_owner_only_file_and_grants_only_hub_admin()
    {
        var path = Path.Combine(_dataDirectory, AdminBootstrap.SecretFileName);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var token = await _hub.TokenAsync("hub-admin", (await File.ReadAllTextAsync(path)).Trim());
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;
        Assert.Equal("hub.admin", claims.GetProperty("scope").GetString());
        Assert.False(claims.TryGetProperty("agency_id", out _));
    }

    [Fact]
    public async Task A_configured_secret_replaces_the_generated_one()
    {
        var generated = (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, AdminBootstrap.SecretFileName))).Trim();
        const string Configured = "operator-chosen-secret-4f1c";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HUB_ADMIN_CLIENT_SECRET"] = Configured }).Build();
        await using var database = _hub.Database.NewDataSource();

        await new AdminBootstrap(database, configuration, NullLogger<AdminBootstrap>.Instance).StartAsync(CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(await _hub.TokenAsync("hub-admin", Configured)));
        await Assert.ThrowsAnyAsync<Exception>(() => _hub.TokenAsync("hub-admin", generated));
    }
}
