using System.Diagnostics;
using System.Globalization;

namespace Hub.Storage;

/// <summary>
/// What /proc says about a cluster's server processes. A killed postmaster can linger as a zombie
/// until its parent reaps it, and kill(pid, 0), which pg_ctl status relies on, still succeeds for
/// one; the state letter in /proc/PID/stat tells the dead from the living.
/// </summary>
internal static class ServerProcesses
{
    /// <summary>The postmaster's process id from the first line of postmaster.pid, or null when there is none.</summary>
    public static int? PostmasterId(string clusterDirectory)
    {
        var pidFile = Path.Combine(clusterDirectory, "postmaster.pid");
        try
        {
            return int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the process runs: it exists and is neither a zombie nor dead (Linux), or the runtime
    /// sees it running (elsewhere). A process id reused by a program other than postgres counts as gone.
    /// </summary>
    public static bool IsRunningServer(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }

        // "pid (comm) S …": the command may hold spaces and parentheses, the state follows the last ')'.
        var afterCommand = stat.LastIndexOf(')');
        if (afterCommand < 0 || afterCommand + 2 >= stat.Length || stat[afterCommand + 2] is 'Z' or 'X' or 'x')
        {
            return false;
        }

        var command = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..afterCommand];
        return command is "postgres" or "postmaster";
    }

    /// <summary>
    /// The server processes of the cluster still running: postgres processes whose working directory
    /// is the cluster's, since every server process changes into its data directory.
    /// </summary>
    public static IReadOnlyList<int> Running(string clusterDirectory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var running = new List<int>();
        foreach (var processDirectory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDirectory), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(processDirectory, "cwd")).LinkTarget == clusterDirectory && IsRunningServer(processId))
                {
                    running.Add(processId);
                }
            }
            // The process exited meanwhile, or belongs to a user whose processes are not ours to inspect.
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }

        return running;
    }
}
