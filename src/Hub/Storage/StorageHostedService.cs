namespace Hub.Storage;

/// <summary>
/// Starts the embedded cluster (when there is one) and migrates the database in the host's
/// "starting" phase, which completes before any hosted service's StartAsync and so before anything
/// else can use the database, whatever order services were registered in. Stops the embedded
/// cluster in the "stopped" phase, after every other service has finished with the database.
/// </summary>
internal sealed class StorageHostedService(DatabaseMigrator migrator, EmbeddedPostgres? embeddedPostgres) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (embeddedPostgres is null)
        {
            await migrator.MigrateAsync(cancellationToken);
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

    public Task StoppedAsync(CancellationToken cancellationToken) =>
        embeddedPostgres?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
