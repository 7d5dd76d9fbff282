using Hub.Hosting;
using Hub.Protocol.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Hub.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the hub's PostgreSQL storage: an <see cref="NpgsqlDataSource"/> singleton for the
    /// rest of the hub; the embedded cluster when ConnectionStrings:Hub is not set; the migrations,
    /// applied before any hosted service starts; and the database health monitor.
    /// </summary>
    /// <remarks>
    /// Configuration: ConnectionStrings:Hub (an external server; no embedded cluster then),
    /// Hub:DataDir or the HUB_DATA_DIR environment variable (default .hub/ in the current directory),
    /// Hub:PostgresBinDir (where initdb and pg_ctl are), Hub:DatabaseProbeIntervalSeconds (default 2).
    /// </remarks>
    public static IServiceCollection AddHubStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        Func<IServiceProvider, string> connectionString;
        var externalConnectionString = configuration.GetConnectionString("Hub");
        if (!string.IsNullOrWhiteSpace(externalConnectionString))
        {
            connectionString = _ => externalConnectionString;
        }
        else
        {
            var dataDirectory = HubDataDirectory.From(configuration);
            var binDirectory = configuration["Hub:PostgresBinDir"];
            services.AddSingleton(provider => new EmbeddedPostgres(
                dataDirectory, PostgresTools.Locate(binDirectory), provider.GetRequiredService<ILogger<EmbeddedPostgres>>()));
            connectionString = provider => provider.GetRequiredService<EmbeddedPostgres>().ConnectionString;
        }

        services.AddSingleton(provider =>
            new NpgsqlDataSourceBuilder(connectionString(provider))
                .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
                .Build());

        services.AddHostedService(provider => new StorageHostedService(
            new DatabaseMigrator(
                provider.GetRequiredService<NpgsqlDataSource>(), Migration.LoadEmbedded(), provider.GetRequiredService<ILogger<DatabaseMigrator>>()),
            provider.GetService<EmbeddedPostgres>()));

        services.TryAddSingleton<HealthStatusStore>();
        var probeInterval = TimeSpan.FromSeconds(configuration.GetValue("Hub:DatabaseProbeIntervalSeconds", 2.0));
        if (probeInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Hub:DatabaseProbeIntervalSeconds must be greater than zero.");
        }
        services.AddHostedService(provider => new DatabaseHealthMonitor(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<HealthStatusStore>(),
            probeInterval,
            provider.GetRequiredService<ILogger<DatabaseHealthMonitor>>()));

        return services;
    }
}
