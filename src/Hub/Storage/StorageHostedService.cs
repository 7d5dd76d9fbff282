using Npgsql;

namespace Hub.Storage;

/// <summary>
/// Starts the embedded cluster (when there is one) and migrates the database in the host's
/// "starting" phase, which completes before any hosted service's StartAsync and so before anything
/// else can use the database, whatever order services were registered in. An external database that
/// can't be reached yet is waited for. Stops the embedded cluster in the "stopped" phase, after every
/// other service has finished with the database, and after the pools have closed their connections.
/// </summary>
internal sealed class StorageHostedService(
    DatabaseMigrator migrator, EmbeddedPostgres? embeddedPostgres, NpgsqlDataSource dataSource, ChangeDatabase changes, ILogger<StorageHostedService> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (embeddedPostgres is null)
        {
            await MigrateWhenReachableAsync(cancellationToken);
            return;
        }
        await embeddedPostgres.StartAsync(cancellationToken);
        try
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        catch
        {
            // The host does not stop services whose start failed; without this a hub that could not
            // start would leave its database server running in the background.
            await embeddedPostgres.StopAsync(CancellationToken.None);
            throw;
        }
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Closed while the server still answers, so no connection breaks under a stopping server.
        dataSource.Clear();
        changes.Clear();
        if (embeddedPostgres is not null)
        {
            await embeddedPostgres.StopAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An external server may be down or still starting when the hub starts: waited for, with a growing delay, until the host gives up.</summary>
    private async Task MigrateWhenReachableAsync(CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception) && !cancellationToken.IsCancellationRequested)
            {
                logger.DatabaseNotYetReachable(exception.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
