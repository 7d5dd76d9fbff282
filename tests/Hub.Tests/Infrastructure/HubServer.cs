using System.Text.Json;
using Grpc.Net.Client;
using Hub.Client;
using Hub.Hosting;
using Hub.Testing;
using Hub.V1;

namespace Hub.Tests.Infrastructure;

/// <summary>
/// A whole hub in this process, wired as Program.cs wires it, on free loopback ports and a fresh
/// database of the test server; with helpers to act as the operator or as an agency.
/// </summary>
public sealed class HubServer : IAsyncDisposable
{
    public const string AdminSecret = "test-admin-secret-0123456789";

    private readonly WebApplication _app;
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly string _dataDirectory;
    private readonly List<GrpcChannel> _channels = [];

    private HubServer(WebApplication app, TestDatabase database, bool ownsDatabase, string dataDirectory, int grpcPort, int httpPort, UnexpectedErrors errors)
    {
        Errors = errors;
        _app = app;
        _database = database;
        _ownsDatabase = ownsDatabase;
        _dataDirectory = dataDirectory;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public Uri TokenEndpoint => new(HttpAddress, "/connect/token");

    public IServiceProvider Services => _app.Services;

    public TestDatabase Database => _database;

    /// <summary>The errors this hub logged; any a test did not expect fail it when the hub stops.</summary>
    public UnexpectedErrors Errors { get; }

    public static async Task<HubServer> StartAsync(
        PostgresFixture postgres, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null) =>
        await StartOnAsync(await postgres.CreateDatabaseAsync(), ownsDatabase: true, settings, configure);

    /// <summary>
    /// Another hub node on this hub's database, as a scaled-out deployment runs them: its own process
    /// state and ports, the same token issuer, the same PostgreSQL. Tokens of either node work on both.
    /// </summary>
    public Task<HubServer> StartNodeAsync() => StartOnAsync(_database, ownsDatabase: false, new Dictionary<string, string?>
    {
        ["Hub:Auth:Issuer"] = HttpAddress.ToString().TrimEnd('/'),
    }, configure: null);

    /// <summary>
    /// Another hub node in a process of its own — the built Hub.dll, as a deployment runs it — on this
    /// hub's database and with its token issuer, so the two processes are nodes of one hub.
    /// </summary>
    /// <param name="name">Names the node's database sessions (their application_name), so a test can tell which node holds what.</param>
    /// <param name="settings">More of the node's environment, e.g. its RabbitMQ broker.</param>
    public Task<HubProcess> StartNodeProcessAsync(string name = "hub-node", IReadOnlyDictionary<string, string>? settings = null) =>
        HubProcess.StartAsync(new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings__Hub"] = $"{_database.ConnectionString};Application Name={name}",
            ["Hub__Auth__Issuer"] = HttpAddress.ToString().TrimEnd('/'),
            ["HUB_ADMIN_CLIENT_SECRET"] = AdminSecret,
        });

    private static async Task<HubServer> StartOnAsync(
        TestDatabase database, bool ownsDatabase, IDictionary<string, string?>? settings, Action<WebApplicationBuilder>? configure)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"hub-server-{Guid.NewGuid():N}");
        var (grpcPort, httpPort) = (FreePort.Next(), FreePort.Next());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = database.ConnectionString,
            ["Hub:DataDir"] = dataDirectory,
            ["Hub:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HUB_ADMIN_CLIENT_SECRET"] = AdminSecret,
            ["Logging:LogLevel:Default"] = "Warning",
            // Every page test signs in from loopback; the per-address limit has a test of its own.
            ["Hub:PersonPage:SignInAttemptsPerAddress"] = "100000",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddHub();
        var errors = new UnexpectedErrors();
        builder.Logging.AddProvider(errors);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapHub();
        await app.StartAsync();
        return new HubServer(app, database, ownsDatabase, dataDirectory, grpcPort, httpPort, errors);
    }

    /// <summary>A token from the hub's token service, by client_secret_post.</summary>
    public async Task<string> TokenAsync(string clientId, string secret, string? scope = null)
    {
        using var http = new HttpClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Token request failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A channel whose calls carry <paramref name="token"/> (or none).</summary>
    public GrpcChannel Channel(string? token)
    {
        var channel = BearerToken.Channel(GrpcAddress, token);
        _channels.Add(channel);
        return channel;
    }

    public async Task<GrpcChannel> AdminAsync() => Channel(await TokenAsync("hub-admin", AdminSecret));

    /// <summary>Registers an agency through the operator and returns it with a channel authenticated as it.</summary>
    public async Task<TestAgency> RegisterAgencyAsync(string name, AgencyKind kind = AgencyKind.Welfare)
    {
        var admin = await AdminAsync();
        var registered = await admin.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = name, Kind = kind });
        var token = await TokenAsync(registered.ClientId, registered.ClientSecret);
        return new TestAgency(registered.Agency.AgencyId, registered.ClientId, registered.ClientSecret, Channel(token));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        Errors.ThrowIfAny();
    }

}

/// <summary>An agency registered for a test, and a channel that calls as it.</summary>
public sealed record TestAgency(string AgencyId, string ClientId, string ClientSecret, GrpcChannel Channel);
