using Hub.Hosting;
using Hub.Protocol.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Hub.Storage;

internal static class StorageServiceCollectionExtensions
{
    private const int DefaultMaxPoolSize = 100;
    private const int ConnectionsPerCore = 8;

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
        {
            var configured = connectionString(provider);
            var builder = new NpgsqlDataSourceBuilder(configured).UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            var settings = builder.ConnectionStringBuilder;

            // No automatic preparation (Npgsql's default, kept on purpose): when the execution that
            // prepares a statement is refused while PostgreSQL binds its parameters (22021 for a NUL,
            // say), the connection is left out of step and later statements on it read replies that are
            // not theirs ("Received unexpected backend message DataRow"). Reproduced with Npgsql 10.0.0
            // and 10.0.3: about 70 failures in 8,000 valid calls with fresh connections, none without
            // auto-prepare (DriverSoundnessTests). A connection string may still turn it on.

            // Npgsql resets every connection handed back to the pool with seven statements (RESET ALL,
            // UNLISTEN *, …) sent before the next use: PostgreSQL work on every call. The hub leaves no
            // session state behind — no SET, no LISTEN, only transaction-scoped advisory locks (the
            // migrator releases its session lock itself) — so there is nothing to reset.
            settings.NoResetOnClose = true;

            // Idle pooled connections to a server that went away are dead, and a call handed one after
            // the server is back would fail. A keepalive every second of idleness finds them and drops
            // them quietly (closing them instead makes Npgsql log an error per connection). An
            // explicit Keepalive wins.
            if (settings.KeepAlive == 0)
            {
                settings.KeepAlive = 1;
            }

            // Never multiplexed: Npgsql 11 drops the mode, and a connection out of step takes every
            // call queued on it down with it.
            if (settings.Multiplexing)
            {
                provider.GetRequiredService<ILogger<NpgsqlDataSource>>().MultiplexingIgnored();
                settings.Multiplexing = false;
            }

            // Npgsql's default of 100 connections means up to 100 busy PostgreSQL backends fighting over
            // a few cores: on 2 cores CheckAccess ran 7k req/s at 100 and 14k at 16 (bench/README.md).
            // Calls beyond the pool queue for a connection. An explicit Max Pool Size wins.
            if (settings.MaxPoolSize == DefaultMaxPoolSize)
            {
                settings.MaxPoolSize = ConnectionsPerCore * Environment.ProcessorCount;
            }

            return builder.Build();
        });

        services.AddHostedService(provider => new StorageHostedService(
            new DatabaseMigrator(
                SessionDataSource(connectionString(provider)), Migration.LoadEmbedded(), provider.GetRequiredService<ILogger<DatabaseMigrator>>()),
            provider.GetService<EmbeddedPostgres>(),
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<ILogger<StorageHostedService>>()));

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
        if (string.IsNullOrWhiteSpace(externalConnectionString))
        {
            var restartDelay = TimeSpan.FromSeconds(configuration.GetValue("Hub:DatabaseRestartDelaySeconds", 1.0));
            services.AddHostedService(provider => new EmbeddedPostgresSupervisor(
                provider.GetRequiredService<EmbeddedPostgres>(), probeInterval, restartDelay, provider.GetRequiredService<ILogger<EmbeddedPostgresSupervisor>>()));
        }

        return services;
    }

    /// <summary>
    /// Unpooled connections for the migrator, which holds a session lock across its statements:
    /// nothing stays open once the migrations are done.
    /// </summary>
    private static NpgsqlDataSource SessionDataSource(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false, Pooling = false });
}
