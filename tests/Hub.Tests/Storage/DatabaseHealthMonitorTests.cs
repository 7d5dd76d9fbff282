using Grpc.Health.V1;
using Hub.Protocol.Health;
using Hub.Storage;
using Hub.Tests.Infrastructure;
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
        var health = new HealthStatusStore();
        // A service registered before the outage must follow the database too.
        health.SetStatus("hub.v1.Echo", HealthCheckResponse.Types.ServingStatus.Serving);
        using var monitor = new DatabaseHealthMonitor(dataSource, health, TimeSpan.FromMilliseconds(100), NullLogger<DatabaseHealthMonitor>.Instance);

        await monitor.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => AllAre(health, HealthCheckResponse.Types.ServingStatus.Serving), "the hub is serving");

            await cluster.Postgres.StopAsync(CancellationToken.None);
            await Poll.UntilAsync(() => AllAre(health, HealthCheckResponse.Types.ServingStatus.NotServing), "the hub and its service are not serving");

            await cluster.Postgres.StartAsync(CancellationToken.None);
            await Poll.UntilAsync(() => AllAre(health, HealthCheckResponse.Types.ServingStatus.Serving), "the hub and its service are serving again");
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    private static bool AllAre(HealthStatusStore health, HealthCheckResponse.Types.ServingStatus expected) =>
        new[] { HealthStatusStore.WholeServer, "hub.v1.Echo" }.All(service => health.TryGetStatus(service, out var status) && status == expected);
}
