using System.Diagnostics;

namespace Hub.Testing;

/// <summary>
/// A private RabbitMQ node for the tests, from Debian's rabbitmq-server: its own name, AMQP and
/// distribution ports on loopback, data and log directories under a temporary directory, removed when
/// disposed. <see cref="StopAppAsync"/> and <see cref="StartAppAsync"/> take the broker away and
/// bring it back without losing the node.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/rabbitmq/bin";

    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;

    private RabbitMqNode(string directory, string nodeName, int port)
    {
        _directory = directory;
        NodeName = nodeName;
        Port = port;
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = directory,
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
        };
    }

    public string NodeName { get; }

    /// <summary>The AMQP port on 127.0.0.1; user and password guest.</summary>
    public int Port { get; }

    /// <summary>The hub's settings for this broker, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> HubEnvironment => new Dictionary<string, string>
    {
        ["Hub__RabbitMq__Host"] = "127.0.0.1",
        ["Hub__RabbitMq__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<RabbitMqNode> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "rabbitmq-server")))
        {
            throw new InvalidOperationException("RabbitMQ is not installed: ./test.sh installs Debian's rabbitmq-server.");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"hub-rabbitmq-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].");
        var node = new RabbitMqNode(directory, $"hubtest{Guid.NewGuid():N}"[..16] + "@localhost", FreePort.Next());
        try
        {
            await node.RunAsync("rabbitmq-server", "-detached");
            await node.AwaitStartupAsync();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until the broker runs. A detached node takes a moment to register its name, and until
    /// then rabbitmqctl can't reach it at all, so that is asked again too.
    /// </summary>
    private async Task AwaitStartupAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                await CtlAsync("await_startup", "--timeout", "60");
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary>Stops the broker (every connection drops); the node stays, ready for <see cref="StartAppAsync"/>.</summary>
    public Task StopAppAsync() => CtlAsync("stop_app");

    public Task StartAppAsync() => CtlAsync("start_app");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CtlAsync("stop");
        }
        catch (InvalidOperationException)
        {
            // Not running (it failed to start); the directory goes all the same.
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Task CtlAsync(params string[] arguments) => RunAsync("rabbitmqctl", ["-n", NodeName, .. arguments]);

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
