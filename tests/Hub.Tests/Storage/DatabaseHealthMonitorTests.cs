using Hub.Storage;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Tests.Storage;

public sealed class DatabaseHealthMonitorTests
{
    [Fact]
    public async Task Reports_not_serving_while_the_database_is_down_and_serving_when_it_is_back()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(cluster.Postgres.ConnectionString);

        await WatchAsync(dataSource, TimeSpan.FromMilliseconds(100),
            outage: () => cluster.Postgres.StopAsync(CancellationToken.None),
            recovery: () => cluster.Postgres.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reports_not_serving_while_the_database_hangs_and_serving_when_it_answers_again()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        // Every driver timeout switched off (statements, cancel requests, connecting): only the probe's
        // own deadline can tell that the database stopped answering.
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(cluster.Postgres.ConnectionString) { CommandTimeout = 0, CancellationTimeout = 0, Timeout = 1024 });
        try
        {
            // Stopped, not gone: connections stay open and nothing answers, as when the server hangs.
            await WatchAsync(dataSource, TimeSpan.FromMilliseconds(500),
                outage: () => Signal("STOP", cluster),
                recovery: () => Signal("CONT", cluster));
        }
        finally
        {
            await Signal("CONT", cluster);
        }
    }

    /// <summary>Runs a monitor through an outage: serving before it, not serving during it, serving after it.</summary>
    private static async Task WatchAsync(NpgsqlDataSource dataSource, TimeSpan probeInterval, Func<Task> outage, Func<Task> recovery)
    {
        using var monitor = new DatabaseHealthMonitor(dataSource, probeInterval, NullLogger<DatabaseHealthMonitor>.Instance);

        await monitor.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => Reports(monitor, HealthStatus.Healthy), "the hub is serving");

            await outage();
            await Poll.UntilAsync(() => Reports(monitor, HealthStatus.Unhealthy), "the hub is not serving");

            await recovery();
            await Poll.UntilAsync(() => Reports(monitor, HealthStatus.Healthy), "the hub is serving again");
        }
        finally
        {
            // Bounded, so a monitor stuck in a probe fails the test instead of hanging it.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await monitor.StopAsync(stopping.Token);
        }
    }

    /// <summary>Sends the signal to the cluster's postmaster and every process it started.</summary>
    private static async Task Signal(string signal, TemporaryCluster cluster)
    {
        var postmaster = cluster.PostmasterProcessId();
        var processes = Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Where(pid => ParentOf(pid!) == postmaster)
            .Prepend(postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", .. processes!]);
        await kill.WaitForExitAsync();
    }

    private static int? ParentOf(string pid)
    {
        try
        {
            // After the command name in parentheses: state, then the parent's id.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool Reports(IHealthCheck monitor, HealthStatus expected) =>
        monitor.CheckHealthAsync(new HealthCheckContext()).Result.Status == expected;
}
