using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Hub.Protocol;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>
/// The real hub as ./run.sh starts it: its own process, its embedded PostgreSQL in a fresh data
/// directory, gRPC and HTTP on free loopback ports.
/// </summary>
public sealed class HubProcess : IAsyncLifetime
{
    /// <summary>The operator's (hub-admin's) secret, set through HUB_ADMIN_CLIENT_SECRET as a deployment would.</summary>
    public const string AdminSecret = "interop-admin-secret-0123456789";

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        Method<HealthCheckRequest, HealthCheckResponse>.From(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"hub-process-{Guid.NewGuid():N}");
    private Process? _process;
    private readonly List<string> _output = [];

    public int GrpcPort { get; } = FreePort();

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public int HttpPort { get; } = FreePort();

    /// <summary>The token service on the HTTP port.</summary>
    public Uri TokenEndpoint => new($"http://127.0.0.1:{HttpPort}/connect/token");

    public string DescriptorSetPath { get; } = Path.Combine(Path.GetTempPath(), $"hub-health-{Guid.NewGuid():N}.pb");

    public async Task InitializeAsync()
    {
        InteropServer.WriteDescriptorSet(DescriptorSetPath, HealthReflection.Descriptor);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Peers.BuiltAssembly("src/Hub", "Hub.dll"));
        start.Environment["HUB_DATA_DIR"] = _dataDirectory;
        start.Environment["HUB_GRPC_PORT"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HUB_HTTP_PORT"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HUB_ADMIN_CLIENT_SECRET"] = AdminSecret;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Record(line.Data);
        _process.ErrorDataReceived += (_, line) => Record(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var channel = GrpcChannel.ForAddress(GrpcAddress);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var response = await channel.UnaryCall(Check, new HealthCheckRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(5)));
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                // Still starting: initdb and migrations run before Kestrel listens.
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The hub did not come up serving. Its output:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            // SIGTERM, as a service manager would: the hub stops its embedded cluster on the way out.
            var id = _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Peers.StopAsync(_process, () => Process.Start("kill", ["-TERM", id])!.WaitForExit());
        }

        File.Delete(DescriptorSetPath);
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
