using System.Diagnostics;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>The Python grpcio interop server, started on a free port for the tests of our client.</summary>
public sealed class PythonInteropServer : IAsyncLifetime
{
    private Process? _process;

    public string DescriptorSetPath { get; } = Path.Combine(Path.GetTempPath(), $"hub-interop-py-{Guid.NewGuid():N}.pb");

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        InteropServer.WriteDescriptorSet(DescriptorSetPath, Grpc.Testing.TestReflection.Descriptor);
        var start = new ProcessStartInfo(Peers.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Peers.Script("interop_server.py"), "--descriptor-set", DescriptorSetPath, "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        // The server runs until its stdin closes, so it can't outlive the test run.
        _process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("The Python interop server exited before listening.");
        var port = line.StartsWith("LISTENING ", StringComparison.Ordinal)
            ? int.Parse(line["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"Unexpected first line from the Python interop server: {line}");
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await Peers.StopAsync(_process, _process.StandardInput.Close);
        }

        File.Delete(DescriptorSetPath);
    }
}
