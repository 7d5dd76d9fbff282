using System.Diagnostics;
using Hub.Client;
using Hub.Protocol;

namespace Hub.Tests.Infrastructure;

/// <summary>
/// Another hub node in a process of its own — the built Hub.dll, as a deployment runs it — on the
/// database of an in-process <see cref="HubServer"/> and with its token issuer, so the two processes
/// are nodes of one hub.
/// </summary>
public sealed class HubNodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly List<string> _output = [];
    private readonly List<GrpcChannel> _channels = [];

    private HubNodeProcess(Process process, string dataDirectory, int grpcPort)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public Uri GrpcAddress { get; }

    public static async Task<HubNodeProcess> StartAsync(HubServer primary)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The test project references the hub, so its build output carries Hub.dll and its runtime config.
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hub.dll"));
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"hub-node-{Guid.NewGuid():N}");
        var grpcPort = HubServer.FreePort();
        start.Environment["ConnectionStrings__Hub"] = primary.Database.ConnectionString;
        start.Environment["Hub__Auth__Issuer"] = primary.HttpAddress.ToString().TrimEnd('/');
        start.Environment["HUB_DATA_DIR"] = dataDirectory;
        start.Environment["HUB_GRPC_PORT"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HUB_HTTP_PORT"] = HubServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HUB_ADMIN_CLIENT_SECRET"] = HubServer.AdminSecret;
        var node = new HubNodeProcess(Process.Start(start)!, dataDirectory, grpcPort);
        node._process.OutputDataReceived += (_, line) => node.Record(line.Data);
        node._process.ErrorDataReceived += (_, line) => node.Record(line.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        await node.WaitUntilServingAsync();
        return node;
    }

    public GrpcChannel Channel(string token)
    {
        var channel = BearerToken.Channel(GrpcAddress, token);
        _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var channel = GrpcChannel.ForAddress(GrpcAddress);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var health = await channel.UnaryCall(HubMethods.HealthCheck, new Grpc.Health.V1.HealthCheckRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(5)));
                if (health.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!_process.HasExited && DateTime.UtcNow < deadline)
            {
                // Still starting.
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                lock (_output)
                {
                    throw new InvalidOperationException($"The hub node did not come up serving. Its output:\n{string.Join('\n', _output)}");
                }
            }

            await Task.Delay(200);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
