using Grpc.Health.V1;
using Hub.Protocol.Health;
using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Probes the database with SELECT 1 at a fixed interval and reports the hub SERVING while it
/// answers and NOT_SERVING while it does not: without its system of record the hub can serve nothing.
/// </summary>
internal sealed class DatabaseHealthMonitor(
    NpgsqlDataSource dataSource,
    HealthStatusStore healthStatus,
    TimeSpan probeInterval,
    ILogger<DatabaseHealthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(probeInterval);
        bool? wasReachable = null;
        do
        {
            var (reachable, failure) = await ProbeAsync(stoppingToken);
            // Only changes are reported, so a status another part of the hub set is not overwritten
            // every few seconds while the database stays as it was.
            if (reachable != wasReachable)
            {
                if (reachable)
                {
                    if (wasReachable is null)
                    {
                        logger.DatabaseReachable();
                    }
                    else
                    {
                        logger.DatabaseReachableAgain();
                    }

                    healthStatus.SetAll(HealthCheckResponse.Types.ServingStatus.Serving);
                }
                else
                {
                    logger.DatabaseUnreachable(failure!.Message);
                    healthStatus.SetAll(HealthCheckResponse.Types.ServingStatus.NotServing);
                }

                wasReachable = reachable;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<(bool Reachable, Exception? Failure)> ProbeAsync(CancellationToken stoppingToken)
    {
        // A probe slower than the interval means the database is not keeping up. The probe's own
        // deadline decides, not the driver's cancellation: a server that has stopped answering
        // answers no cancel request either, and a multiplexed statement is never cancelled at the
        // server, so the statement may stay unanswered until the command timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(probeInterval);
        try
        {
            await SelectOneAsync(timeout.Token).WaitAsync(probeInterval, stoppingToken);
            return (true, null);
        }
        // Any failure means the hub cannot use its database; letting one escape would stop the host.
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, exception);
        }
    }

    /// <summary>Owns its command until the statement ends, even after the probe stopped waiting for it.</summary>
    private async Task SelectOneAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
