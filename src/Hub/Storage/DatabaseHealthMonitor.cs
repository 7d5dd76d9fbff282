using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Probes the database with SELECT 1 at a fixed interval; the hub's health check reports what the
/// last probe found, so gRPC health says SERVING while the database answers and NOT_SERVING while it
/// does not: without its system of record the hub can serve nothing. Asking is free: a health probe
/// from outside never waits on PostgreSQL, however hung it is.
/// </summary>
internal sealed class DatabaseHealthMonitor(
    NpgsqlDataSource dataSource,
    TimeSpan probeInterval,
    ILogger<DatabaseHealthMonitor> logger) : BackgroundService, IHealthCheck
{
    /// <summary>Null until the first probe has answered.</summary>
    private volatile Exception? _lastFailure = new InvalidOperationException("The database has not been probed yet.");

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_lastFailure is { } failure
            ? HealthCheckResult.Unhealthy("The hub's database is unreachable.", failure)
            : HealthCheckResult.Healthy());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(probeInterval);
        bool? wasReachable = null;
        do
        {
            var (reachable, failure) = await ProbeAsync(stoppingToken);
            _lastFailure = failure;
            // Only changes are logged: an outage is one warning, not one per probe.
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
                }
                else
                {
                    logger.DatabaseUnreachable(failure!.Message);
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
