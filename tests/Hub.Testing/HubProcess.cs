using System.Diagnostics;
using System.Globalization;
using Grpc.Health.V1;

namespace Hub.Testing;

/// <summary>
/// The real hub as ./run.sh starts it: the built Hub.dll in a process of its own, with its embedded
/// PostgreSQL in a data directory of its own (unless the settings name a database), gRPC and HTTP
/// on free loopback ports. It can be killed and started again on the same data directory, as after
/// a crash; everything it printed, over every run, is kept.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    /// <summary>The operator's (hub-admin's) secret, set through HUB_ADMIN_CLIENT_SECRET as a deployment would.</summary>
    public const string AdminSecret = "process-admin-secret-0123456789";

    /// <summary>How long a start may take before the test gives up: initdb and the migrations run first.</summary>
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string> _environment;
    private readonly List<string> _output = [];
    private Process? _process;

    private HubProcess(IReadOnlyDictionary<string, string>? settings)
    {
        // Short, because the embedded cluster's socket path must fit in a unix socket address; not a
        // 0700 temporary directory, because as root the cluster runs as the postgres user.
        DataDirectory = Path.Combine(Path.GetTempPath(), $"hub-p-{Guid.NewGuid():N}"[..14]);
        GrpcPort = FreePort.Next();
        HttpPort = FreePort.Next();
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HUB_DATA_DIR"] = DataDirectory,
            ["HUB_GRPC_PORT"] = GrpcPort.ToString(CultureInfo.InvariantCulture),
            ["HUB_HTTP_PORT"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["HUB_ADMIN_CLIENT_SECRET"] = AdminSecret,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            _environment[name] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>The embedded cluster's directory, under the data directory.</summary>
    public string ClusterDirectory => Path.Combine(DataDirectory, "pg");

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public Uri TokenEndpoint => new(HttpAddress, "/connect/token");

    /// <summary>The running hub's process id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The hub is not running.");

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>The process id the embedded cluster's postmaster wrote into postmaster.pid, if it did.</summary>
    public int? PostmasterProcessId
    {
        get
        {
            var pidFile = Path.Combine(ClusterDirectory, "postmaster.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? pid
                : null;
        }
    }

    /// <summary>Every line the hub printed, over every run.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>
    /// The log entries written at Error or Critical (the console logger's "fail:" and "crit:"),
    /// each with the lines under it.
    /// </summary>
    public IReadOnlyList<string> ErrorEntries => Entries(Output).Where(entry => entry.StartsWith("fail:", StringComparison.Ordinal) || entry.StartsWith("crit:", StringComparison.Ordinal)).ToList();

    /// <summary>Starts a hub on a fresh data directory (settings are environment variables) and waits until it reports SERVING.</summary>
    public static async Task<HubProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var hub = new HubProcess(settings);
        try
        {
            await hub.StartAgainAsync();
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the hub again on the same data directory and ports, and waits until it reports SERVING.</summary>
    public async Task StartAgainAsync()
    {
        if (!HasExited)
        {
            throw new InvalidOperationException("The hub is still running.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryLayout.BuiltAssembly("src/Hub", "Hub.dll"));
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        _process?.Dispose();
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the hub.");
        _process.OutputDataReceived += (_, line) => Record(line.Data);
        _process.ErrorDataReceived += (_, line) => Record(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    /// <summary>Waits until the health service answers SERVING; fails with the hub's output if it exits or takes too long.</summary>
    public async Task WaitUntilServingAsync()
    {
        using var client = new WireClient(GrpcAddress);
        var deadline = DateTime.UtcNow + StartBound;
        while (true)
        {
            if (HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The hub did not come up serving. Its output:\n{string.Join('\n', Output)}");
            }

            try
            {
                var health = await client.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest(), token: null, TimeSpan.FromSeconds(5));
                if (health.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TimeoutException or WireCallException)
            {
                // Not listening yet, or not serving yet.
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// kill -9 of the hub and, when <paramref name="postmasterToo"/>, of its embedded postmaster in the
    /// same instant, as a power cut or the OOM killer would; returns once the hub has exited.
    /// </summary>
    public async Task KillAsync(bool postmasterToo)
    {
        var postmaster = postmasterToo ? PostmasterProcessId : null;
        var hub = _process ?? throw new InvalidOperationException("The hub is not running.");
        hub.Kill();
        if (postmaster is { } pid)
        {
            Signal("KILL", pid);
        }

        await hub.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code once it has exited.</summary>
    public async Task<int> StopAsync()
    {
        var hub = _process ?? throw new InvalidOperationException("The hub is not running.");
        if (!hub.HasExited)
        {
            Signal("TERM", hub.Id);
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await hub.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            hub.Kill(entireProcessTree: true);
            throw new TimeoutException($"The hub did not stop within 60 s of SIGTERM. Its output:\n{string.Join('\n', Output)}");
        }

        return hub.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (TimeoutException)
            {
                // Killed instead; nothing more to do.
            }
        }

        _process?.Dispose();
        // A hub that was killed leaves its postmaster behind; it must not outlive the test.
        if (PostmasterProcessId is { } postmaster)
        {
            Signal("KILL", postmaster);
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Sends a signal with kill(1); a process already gone is not an error.</summary>
    public static void Signal(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", processId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    /// <summary>Groups console-logger lines into entries: a "level: category[id]" line and the indented lines under it.</summary>
    private static IEnumerable<string> Entries(IReadOnlyList<string> lines)
    {
        var entry = new List<string>();
        foreach (var line in lines)
        {
            if (entry.Count > 0 && !line.StartsWith(' '))
            {
                yield return string.Join('\n', entry);
                entry.Clear();
            }

            entry.Add(line);
        }

        if (entry.Count > 0)
        {
            yield return string.Join('\n', entry);
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
