using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Hub.Storage;

/// <summary>
/// The hub's own PostgreSQL cluster, for when no external server is configured: created on first
/// start under the data directory with the machine's initdb, started and stopped with pg_ctl, and
/// reachable only through a unix socket in a directory private to the cluster's owner.
/// </summary>
internal sealed class EmbeddedPostgres
{
    /// <summary>The superuser initdb creates, and the database the hub uses.</summary>
    public const string UserAndDatabase = "hub";

    /// <summary>Only names the socket file: the cluster listens on no TCP port.</summary>
    public const int SocketPort = 5432;

    /// <summary>How long a server that is starting up or shutting down, or the processes of a killed one, get to settle.</summary>
    private static readonly TimeSpan SettlingBound = TimeSpan.FromSeconds(60);

    private readonly PostgresTools _tools;
    private readonly ILogger<EmbeddedPostgres> _logger;

    public EmbeddedPostgres(string dataDirectory, PostgresTools tools, ILogger<EmbeddedPostgres> logger)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _tools = tools;
        _logger = logger;
        // sun_path holds 108 bytes including the terminating NUL.
        const int maxSocketPathBytes = 107;
        var socketFile = Path.Combine(SocketDirectory, $".s.PGSQL.{SocketPort}");
        if (Encoding.UTF8.GetByteCount(socketFile) > maxSocketPathBytes)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL socket path {socketFile} is longer than the {maxSocketPathBytes} bytes unix sockets allow; choose a shorter data directory.");
        }
        ConnectionString = ConnectionStringFor(UserAndDatabase).ConnectionString;
    }

    /// <summary>The hub's data directory; the cluster lives in pg/ and its socket in run/ beneath it.</summary>
    public string DataDirectory { get; }

    public string ClusterDirectory => Path.Combine(DataDirectory, "pg");

    public string SocketDirectory => Path.Combine(DataDirectory, "run");

    /// <summary>Where the server writes its log, so a failed start can be diagnosed.</summary>
    public string LogFile => Path.Combine(ClusterDirectory, "postgres.log");

    /// <summary>Connects to the hub database as the superuser over the private socket; trust authentication needs no password.</summary>
    public string ConnectionString { get; }

    private bool IsInitialised => File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION"));

    /// <summary>
    /// Creates the cluster if it does not exist, starts it unless it is already running, and creates
    /// the hub database if missing. Safe to call on every start, including after the server was killed.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        if (_tools.RunAsServiceUser)
        {
            _logger.RunningPostgresAsUser(PostgresTools.ServiceUser);
        }
        await _tools.RequireReachableAsync(DataDirectory, cancellationToken);
        if (!IsInitialised)
        {
            await InitialiseAsync(cancellationToken);
        }

        // The socket directory is the only way in and trust authentication lets anyone who reaches
        // the socket connect as the superuser, so it must stay private to the cluster's owner.
        await _tools.MakePrivateDirectoryAsync(SocketDirectory, cancellationToken);
        await WriteHubSettingsAsync(cancellationToken);

        await StartServerUnlessRunningAsync(cancellationToken);
        await EnsureHubDatabaseAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the postmaster named in postmaster.pid is alive (a zombie is not), without asking it
    /// anything: cheap enough to watch the server with.
    /// </summary>
    public bool IsServerRunning() => ServerProcesses.PostmasterId(ClusterDirectory) is { } postmaster && ServerProcesses.IsRunningServer(postmaster);

    /// <summary>
    /// Starts the server again when it is not running, as after it was killed; a running server that
    /// accepts connections is left alone.
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken) => StartServerUnlessRunningAsync(cancellationToken);

    /// <summary>
    /// Uses the server when one runs and accepts connections (a hub that was killed leaves pg_ctl's
    /// server running); waits, up to <see cref="SettlingBound"/>, for one that is starting up or
    /// shutting down to settle; otherwise starts one, recovering whatever a killed server left behind.
    /// </summary>
    private async Task StartServerUnlessRunningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + SettlingBound;
        var waitedFor = (int?)null;
        while (ServerProcesses.PostmasterId(ClusterDirectory) is { } postmaster && ServerProcesses.IsRunningServer(postmaster))
        {
            if (await AcceptsConnectionsAsync(cancellationToken))
            {
                _logger.ReusingRunningEmbeddedCluster(ClusterDirectory);
                _logger.EmbeddedClusterStarted(SocketDirectory);
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"A PostgreSQL server (process {postmaster}) holds the embedded cluster in {ClusterDirectory} but has not accepted connections " +
                    $"for {SettlingBound.TotalSeconds:F0} s. Stop it (pg_ctl stop -D {ClusterDirectory}) and start the hub again.");
            }

            if (waitedFor != postmaster)
            {
                _logger.WaitingForSettlingServer(postmaster, ClusterDirectory);
                waitedFor = postmaster;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        _logger.StartingEmbeddedCluster(ClusterDirectory, LogFile);
        await StartServerAsync(cancellationToken);
        _logger.EmbeddedClusterStarted(SocketDirectory);
    }

    /// <summary>Stops the server with a fast shutdown (open sessions are ended, nothing is lost), if it is running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!IsInitialised || !IsServerRunning())
        {
            return;
        }
        _logger.StoppingEmbeddedCluster(ClusterDirectory);
        await _tools.RunCheckedAsync(_tools.PgCtl, ["stop", "-D", ClusterDirectory, "-m", "fast", "-w"], DataDirectory, cancellationToken);
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        // initdb writes into a staging directory that is renamed into place only when complete, so
        // a start that was interrupted during initdb is retried from scratch rather than finding
        // half a cluster.
        var staging = ClusterDirectory + ".init";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        await _tools.MakePrivateDirectoryAsync(staging, cancellationToken);
        _logger.InitialisingEmbeddedCluster(ClusterDirectory, _tools.InitDb);
        await _tools.RunCheckedAsync(
            _tools.InitDb,
            [
                "-D", staging,
                "-U", UserAndDatabase,
                // Local socket connections only; the socket directory's permissions are the access control.
                "--auth-local=trust", "--auth-host=reject",
                // The C locale exists on every machine and sorts the same everywhere.
                "-E", "UTF8", "--locale=C",
            ],
            DataDirectory,
            cancellationToken);
        await File.AppendAllTextAsync(
            Path.Combine(staging, "postgresql.conf"),
            "\n# Written by the hub on every start.\ninclude 'hub.conf'\n",
            cancellationToken);
        Directory.Move(staging, ClusterDirectory);
    }

    /// <summary>
    /// The settings that depend on where the data directory is now, rewritten on every start so a
    /// moved data directory still works.
    /// </summary>
    private Task WriteHubSettingsAsync(CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(
            Path.Combine(ClusterDirectory, "hub.conf"),
            $"""
            listen_addresses = ''
            unix_socket_directories = '{SocketDirectory.Replace("'", "''", StringComparison.Ordinal)}'
            port = {SocketPort}
            """ + "\n",
            cancellationToken);

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        await EndOrphanedServerProcessesAsync(cancellationToken);
        // The postmaster it names is dead (or a zombie, which PostgreSQL's own check takes for alive
        // and so refuses to start) and none of its processes is left: the file is stale.
        File.Delete(Path.Combine(ClusterDirectory, "postmaster.pid"));
        // pg_ctl start fails while processes of a killed server still hold its shared memory, as
        // ended ones can for a moment before they exit, so a failed start is retried a few times.
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var (exitCode, output) = await _tools.RunAsync(
                _tools.PgCtl, ["start", "-D", ClusterDirectory, "-l", LogFile, "-w"], DataDirectory, cancellationToken);
            if (exitCode == 0)
            {
                return;
            }
            if (attempt == attempts)
            {
                throw new InvalidOperationException(
                    $"pg_ctl could not start the embedded PostgreSQL cluster in {ClusterDirectory}:{Environment.NewLine}{output.TrimEnd()}" +
                    $"{Environment.NewLine}Last lines of {LogFile}:{Environment.NewLine}{await LogTailAsync(cancellationToken)}");
            }
            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }
    }

    /// <summary>
    /// Ends the server processes a killed postmaster left behind, and waits until they are gone. A
    /// backend busy with a query only notices its postmaster is gone when the query ends, which may be
    /// never, and until then it holds the shared memory a new postmaster needs; PostgreSQL's advice is
    /// to terminate such processes. Called only when no postmaster runs.
    /// </summary>
    private async Task EndOrphanedServerProcessesAsync(CancellationToken cancellationToken)
    {
        var orphans = ServerProcesses.Running(ClusterDirectory);
        foreach (var orphan in orphans)
        {
            try
            {
                using var process = Process.GetProcessById(orphan);
                _logger.EndingOrphanedServerProcess(orphan, ClusterDirectory);
                process.Kill();
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        var deadline = DateTime.UtcNow + SettlingBound;
        while (orphans.Any(ServerProcesses.IsRunningServer))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Server processes of the killed PostgreSQL in {ClusterDirectory} did not exit within {SettlingBound.TotalSeconds:F0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>Whether the server takes a connection now; a server starting up or shutting down refuses it.</summary>
    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        var probe = ConnectionStringFor("postgres");
        probe.Pooling = false;
        probe.Timeout = 5;
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private async Task<string> LogTailAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(LogFile))
        {
            return "(no log)";
        }
        var lines = await File.ReadAllLinesAsync(LogFile, cancellationToken);
        return string.Join(Environment.NewLine, lines.TakeLast(20));
    }

    private async Task EnsureHubDatabaseAsync(CancellationToken cancellationToken)
    {
        // The maintenance database initdb creates is the one to connect to while the hub's may not
        // exist; the connection is a one-off, so it should not leave a pool behind.
        var maintenance = ConnectionStringFor("postgres");
        maintenance.Pooling = false;
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = UserAndDatabase } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {UserAndDatabase}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            _logger.CreatedDatabase(UserAndDatabase);
        }
    }

    private NpgsqlConnectionStringBuilder ConnectionStringFor(string database) =>
        new()
        {
            Host = SocketDirectory,
            Port = SocketPort,
            Username = UserAndDatabase,
            Database = database,
        };
}
