using System.Diagnostics;
using Hub.Testing;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>Where the independent peers live and how to run them.</summary>
internal static class Peers
{
    /// <summary>Debian's Python, which has grpcio; HUB_TEST_PYTHON overrides it.</summary>
    public static string Python => Environment.GetEnvironmentVariable("HUB_TEST_PYTHON") ?? "/usr/bin/python3";

    /// <summary>Node, for the grpc-js peer; HUB_TEST_NODE overrides it.</summary>
    public static string Node => Environment.GetEnvironmentVariable("HUB_TEST_NODE") ?? "/usr/bin/node";

    /// <summary>Where Node finds @grpc/grpc-js and @grpc/proto-loader: the repository's tool folder, installed by test.sh.</summary>
    public static IReadOnlyDictionary<string, string> NodeEnvironment
    {
        get
        {
            var modules = Path.Combine(RepositoryLayout.Root, ".tools", "node_modules");
            return Directory.Exists(Path.Combine(modules, "@grpc", "grpc-js"))
                ? new Dictionary<string, string> { ["NODE_PATH"] = modules }
                : throw new InvalidOperationException("@grpc/grpc-js is not installed: run ./test.sh, which installs it under .tools/.");
        }
    }

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "peers", name);

    /// <summary>buf from the repository's tool folder (installed by test.sh); HUB_TEST_BUF overrides it.</summary>
    public static string Buf
    {
        get
        {
            var buf = Environment.GetEnvironmentVariable("HUB_TEST_BUF") ?? Path.Combine(RepositoryLayout.Root, ".tools", "node_modules", ".bin", "buf");
            return File.Exists(buf)
                ? buf
                : throw new InvalidOperationException("buf is not installed: run ./test.sh, which installs it under .tools/, or set HUB_TEST_BUF.");
        }
    }

    /// <summary>Asks a server process to stop (closing its stdin or sending SIGTERM) and kills it if it has not within 30 s.</summary>
    public static async Task StopAsync(Process process, Action askToStop)
    {
        askToStop();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
