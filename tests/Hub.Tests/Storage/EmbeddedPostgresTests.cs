using System.Diagnostics;
using System.Runtime.Versioning;
using Hub.Storage;
using Hub.Tests.Infrastructure;
using Npgsql;

namespace Hub.Tests.Storage;

public sealed class EmbeddedPostgresTests
{
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Listens_only_on_a_private_unix_socket_and_creates_the_hub_database()
    {
        await using var cluster = await TemporaryCluster.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cluster.Postgres.SocketDirectory));
        Assert.True(File.Exists(Path.Combine(cluster.Postgres.SocketDirectory, $".s.PGSQL.{EmbeddedPostgres.SocketPort}")));
        Assert.Equal("", await ScalarAsync<string>(cluster.Postgres.ConnectionString, "SHOW listen_addresses"));
        Assert.Equal("hub", await ScalarAsync<string>(cluster.Postgres.ConnectionString, "SELECT current_database()"));
        Assert.True(await ScalarAsync<bool>(cluster.Postgres.ConnectionString, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
    }

    [Fact]
    public async Task Restarts_after_the_postmaster_is_killed_and_keeps_its_data()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        await using (var dataSource = NpgsqlDataSource.Create(cluster.Postgres.ConnectionString))
        {
            await using var create = dataSource.CreateCommand("CREATE TABLE survivors (name text); INSERT INTO survivors VALUES ('committed before the kill')");
            await create.ExecuteNonQueryAsync();
        }
        // A backend busy with a query outlives its postmaster and holds the shared memory a new one
        // needs. The loop is bounded only so a failed test cannot leave it spinning for ever.
        await using var busySession = new NpgsqlConnection(cluster.Postgres.ConnectionString);
        await busySession.OpenAsync();
        var busyBackend = busySession.ProcessID;
        await using var busyLoop = new NpgsqlCommand("DO $$ BEGIN WHILE clock_timestamp() < now() + interval '5 minutes' LOOP END LOOP; END $$", busySession);
        var busyQuery = busyLoop.ExecuteNonQueryAsync();
        await Poll.UntilAsync(
            async () => await ScalarAsync<long>(cluster.Postgres.ConnectionString, $"SELECT count(*) FROM pg_stat_activity WHERE pid = {busyBackend} AND state = 'active'") == 1,
            "the busy query is running");

        var killed = cluster.PostmasterProcessId();
        using (var postmaster = Process.GetProcessById(killed))
        {
            postmaster.Kill();
            await postmaster.WaitForExitAsync();
        }
        Assert.True(File.Exists(Path.Combine(cluster.Postgres.ClusterDirectory, "postmaster.pid")), "the kill should leave a stale postmaster.pid behind");
        Assert.True(IsRunning(busyBackend), "the busy backend should outlive its postmaster");

        // A new hub process starts its own instance over the same directory.
        await cluster.NewInstance().StartAsync(CancellationToken.None);

        Assert.NotEqual(killed, cluster.PostmasterProcessId());
        Assert.Equal("committed before the kill", await ScalarAsync<string>(cluster.Postgres.ConnectionString, "SELECT name FROM survivors"));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => busyQuery);
    }

    [Fact]
    public async Task Uses_the_running_server_that_a_killed_hub_left_behind()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        var running = cluster.PostmasterProcessId();
        await using (var dataSource = NpgsqlDataSource.Create(cluster.Postgres.ConnectionString))
        {
            await using var create = dataSource.CreateCommand("CREATE TABLE marker (id int)");
            await create.ExecuteNonQueryAsync();
        }

        await cluster.NewInstance().StartAsync(CancellationToken.None);

        Assert.Equal(running, cluster.PostmasterProcessId());
        Assert.False(await ScalarAsync<bool>(cluster.Postgres.ConnectionString, "SELECT to_regclass('marker') IS NULL"));
    }

    [Fact]
    public async Task Stops_and_starts_again_with_the_same_cluster()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        await using (var dataSource = NpgsqlDataSource.Create(cluster.Postgres.ConnectionString))
        {
            await using var create = dataSource.CreateCommand("CREATE TABLE kept (id int)");
            await create.ExecuteNonQueryAsync();
        }

        await cluster.Postgres.StopAsync(CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(cluster.Postgres.ClusterDirectory, "postmaster.pid")));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(cluster.Postgres.ConnectionString, "SELECT 1"));

        await cluster.Postgres.StartAsync(CancellationToken.None);

        Assert.False(await ScalarAsync<bool>(cluster.Postgres.ConnectionString, "SELECT to_regclass('kept') IS NULL"));
    }

    [Fact]
    public async Task Starts_when_postmaster_pid_names_a_zombie_or_a_process_that_is_no_postgres()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        var pidFile = Path.Combine(cluster.Postgres.ClusterDirectory, "postmaster.pid");
        var lines = await File.ReadAllLinesAsync(pidFile);
        await cluster.Postgres.StopAsync(CancellationToken.None);
        // A child that exits and whose parent never waits for it stays a zombie: kill(pid, 0), and so
        // pg_ctl status, still take it for alive. Its parent is a live process, but no postgres. Both
        // belong to the user PostgreSQL runs as, as a killed postmaster would. The child outlives the
        // exec by half a second: had it ended before, the shell could reap it first, and no zombie is left.
        string[] spawn = ["sh", "-c", "sleep 0.5 & echo $!; exec sleep 60"];
        using var parent = Process.Start(new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : spawn[0], Environment.IsPrivilegedProcess ? ["-u", "postgres", "--", .. spawn] : spawn[1..])
        {
            RedirectStandardOutput = true,
        })!;
        var zombie = int.Parse((await parent.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        var sleeper = ParentOf(zombie);
        await Poll.UntilAsync(() => File.ReadAllText($"/proc/{zombie}/stat").Contains(") Z ", StringComparison.Ordinal), "the child is a zombie");
        try
        {
            foreach (var stale in new[] { zombie, sleeper })
            {
                await File.WriteAllLinesAsync(pidFile, [stale.ToString(System.Globalization.CultureInfo.InvariantCulture), .. lines.Skip(1)]);

                await cluster.NewInstance().StartAsync(CancellationToken.None);

                Assert.Equal(1, await ScalarAsync<int>(cluster.Postgres.ConnectionString, "SELECT 1"));
                Assert.NotEqual(stale, cluster.PostmasterProcessId());
                await cluster.Postgres.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Waits_for_a_server_that_is_shutting_down_then_starts_a_new_one()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        var stopping = cluster.PostmasterProcessId();
        // A smart shutdown waits for this session to end; until then the server refuses new ones.
        await using var lastSession = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.Postgres.ConnectionString) { Pooling = false }.ConnectionString);
        await lastSession.OpenAsync();
        await Hub.Testing.PostgresControl.BeginSmartShutdownAsync(cluster.Postgres.ClusterDirectory);
        await Poll.UntilAsync(
            async () => await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(cluster.Postgres.ConnectionString, "SELECT 1")) is PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow },
            "the server refuses new sessions");

        var start = cluster.NewInstance().StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(start.IsCompleted, "the start should wait while the old server is still shutting down");
        await lastSession.CloseAsync();
        await start;

        Assert.NotEqual(stopping, cluster.PostmasterProcessId());
        Assert.Equal(1, await ScalarAsync<int>(cluster.Postgres.ConnectionString, "SELECT 1"));
    }

    /// <summary>The parent process id, the fourth field of /proc/PID/stat.</summary>
    private static int ParentOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsRunning(int processId)
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

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        // No pool, so each query proves the server is reachable now rather than reusing a connection.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
