using System.Diagnostics;
using System.Globalization;

namespace Hub.Storage;

/// <summary>
/// The machine's PostgreSQL server programs, run as a user PostgreSQL accepts.
/// </summary>
internal sealed class PostgresTools
{
    /// <summary>PostgreSQL refuses to run as root; when the hub is root its programs run as this user.</summary>
    public const string ServiceUser = "postgres";

    private readonly string _binDirectory;

    private PostgresTools(string binDirectory, bool runAsServiceUser)
    {
        _binDirectory = binDirectory;
        RunAsServiceUser = runAsServiceUser;
    }

    /// <summary>True when the programs run as <see cref="ServiceUser"/> because the hub is root.</summary>
    public bool RunAsServiceUser { get; }

    public string InitDb => Path.Combine(_binDirectory, "initdb");

    public string PgCtl => Path.Combine(_binDirectory, "pg_ctl");

    /// <summary>
    /// Finds initdb and pg_ctl: in <paramref name="configuredBinDirectory"/> when given, else in the
    /// newest /usr/lib/postgresql/*/bin (Debian and Ubuntu keep them off PATH there), else on PATH.
    /// </summary>
    public static PostgresTools Locate(string? configuredBinDirectory)
    {
        var binDirectory = !string.IsNullOrWhiteSpace(configuredBinDirectory)
            ? RequireTools(Path.GetFullPath(configuredBinDirectory))
            : NewestDebianBinDirectory() ?? PathBinDirectory()
                ?? throw new InvalidOperationException(
                    "PostgreSQL's initdb and pg_ctl were not found in /usr/lib/postgresql/*/bin or on PATH. Install PostgreSQL, " +
                    "set Hub:PostgresBinDir to the directory holding them, or set ConnectionStrings:Hub to use an external server.");
        return new PostgresTools(binDirectory, Environment.IsPrivilegedProcess);
    }

    /// <summary>Runs a program as the user that runs PostgreSQL, to completion, and returns its exit code and combined output.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            // The service user must be able to enter the working directory, which the caller's may not allow.
            WorkingDirectory = workingDirectory,
        };
        if (RunAsServiceUser)
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(ServiceUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(program);
        }
        else
        {
            startInfo.FileName = program;
        }
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return RunProcessAsync(startInfo, cancellationToken);
    }

    /// <summary>Runs a PostgreSQL program and throws, with its output, unless it succeeds.</summary>
    public async Task RunCheckedAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync(program, arguments, workingDirectory, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}:{Environment.NewLine}{output.TrimEnd()}");
        }
    }

    /// <summary>
    /// Fails with a hint when the PostgreSQL programs could not reach <paramref name="directory"/>:
    /// as the service user, a directory whose parent is private to root (such as anything under
    /// /root) is out of reach, and initdb's own error does not say what to do about it.
    /// </summary>
    public async Task RequireReachableAsync(string directory, CancellationToken cancellationToken)
    {
        if (!RunAsServiceUser)
        {
            return;
        }
        var (exitCode, _) = await RunAsync("test", ["-x", directory], "/", cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL runs as the '{ServiceUser}' user because the hub runs as root, and that user cannot reach {directory} " +
                "(a directory above it is private). Set HUB_DATA_DIR (or Hub:DataDir) to a path it can reach, such as one under /var/lib or /tmp.");
        }
    }

    /// <summary>
    /// Makes <paramref name="directory"/> private to whoever runs the PostgreSQL programs, so they can
    /// write it and nobody else can reach the cluster's files or its trust-authenticated socket.
    /// </summary>
    public async Task MakePrivateDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The embedded PostgreSQL cluster relies on unix sockets and file permissions; on Windows set ConnectionStrings:Hub.");
        }
        Directory.CreateDirectory(directory);
        if (RunAsServiceUser)
        {
            // .NET has no chown; the coreutils one is on every machine that has runuser.
            var chown = new ProcessStartInfo("chown") { ArgumentList = { $"{ServiceUser}:", directory } };
            var (exitCode, output) = await RunProcessAsync(chown, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"chown {ServiceUser}: {directory} failed: {output.TrimEnd()}");
            }
        }
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await standardOutput) + (await standardError));
    }

    private static string RequireTools(string binDirectory) =>
        HasTools(binDirectory)
            ? binDirectory
            : throw new InvalidOperationException($"Hub:PostgresBinDir is {binDirectory}, which does not hold initdb and pg_ctl.");

    private static string? NewestDebianBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.EnumerateDirectories(root)
            .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: ParseVersion(Path.GetFileName(directory))))
            .Where(candidate => candidate.Version is not null && HasTools(candidate.Directory))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Directory)
            .FirstOrDefault();
    }

    private static Version? ParseVersion(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0)
        : Version.TryParse(name, out var version) ? version
        : null;

    private static string? PathBinDirectory() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFullPath)
            .FirstOrDefault(HasTools);

    private static bool HasTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}
