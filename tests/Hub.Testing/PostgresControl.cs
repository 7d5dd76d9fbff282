using System.Diagnostics;
using System.Globalization;

namespace Hub.Testing;

/// <summary>pg_ctl on a cluster from outside the hub, as an operator or a fault would act on it.</summary>
public static class PostgresControl
{
    /// <summary>
    /// <c>pg_ctl stop -m immediate</c>: the server quits without a shutdown checkpoint, as in a crash,
    /// and recovers from its WAL on the next start.
    /// </summary>
    public static Task StopImmediatelyAsync(string clusterDirectory) => RunAsync(["stop", "-D", clusterDirectory, "-m", "immediate", "-w"]);

    /// <summary>
    /// Asks for a smart shutdown and returns at once: the server refuses new connections but runs on
    /// until its last session ends, as a server that is shutting down does.
    /// </summary>
    public static Task BeginSmartShutdownAsync(string clusterDirectory) => RunAsync(["stop", "-D", clusterDirectory, "-m", "smart", "-W"]);

    private static async Task RunAsync(IEnumerable<string> arguments)
    {
        var pgCtl = Path.Combine(BinDirectory(), "pg_ctl");
        // PostgreSQL refuses to run as root; its programs then run as the postgres user, as the hub runs them.
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, .. arguments])
            : new ProcessStartInfo(pgCtl, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed: {await output}{await errors}");
        }
    }

    private static string BinDirectory() =>
        Directory.EnumerateDirectories("/usr/lib/postgresql")
            .Select(directory => Path.Combine(directory, "bin"))
            .Where(directory => File.Exists(Path.Combine(directory, "pg_ctl")))
            .OrderByDescending(directory => int.Parse(Path.GetFileName(Path.GetDirectoryName(directory))!, CultureInfo.InvariantCulture))
            .FirstOrDefault()
        ?? throw new InvalidOperationException("pg_ctl was not found under /usr/lib/postgresql/*/bin.");
}
