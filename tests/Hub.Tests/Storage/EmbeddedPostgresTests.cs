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
