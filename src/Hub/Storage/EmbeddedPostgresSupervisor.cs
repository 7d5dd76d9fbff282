namespace Hub.Storage;

/// <summary>
/// Keeps the embedded cluster the hub owns running: when its postmaster dies (killed, crashed, or
/// stopped from outside), starts it again, after a delay that doubles on every failed attempt up to
/// <see cref="MaxDelay"/>. Meanwhile the health monitor reports NOT_SERVING and calls are answered
/// UNAVAILABLE. A server that runs but hangs is not restarted: it may be busy, and it is not dead.
/// </summary>
internal sealed class EmbeddedPostgresSupervisor(
    EmbeddedPostgres cluster, TimeSpan checkInterval, TimeSpan firstDelay, ILogger<EmbeddedPostgresSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(checkInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!cluster.IsServerRunning())
            {
                await RestartAsync(stoppingToken);
            }
        }
    }

    private async Task RestartAsync(CancellationToken stoppingToken)
    {
        var delay = firstDelay;
        logger.EmbeddedClusterDown(cluster.ClusterDirectory, delay.TotalSeconds);
        while (true)
        {
            await Task.Delay(delay, stoppingToken);
            try
            {
                await cluster.RestartAsync(stoppingToken);
                logger.EmbeddedClusterRestarted(cluster.ClusterDirectory);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
                logger.EmbeddedClusterRestartFailed(cluster.ClusterDirectory, exception.Message, delay.TotalSeconds);
            }
        }
    }
}
