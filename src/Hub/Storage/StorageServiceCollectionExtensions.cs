using Hub.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hub.Storage;

internal static class StorageServiceCollectionExtensions
{
    private const int DefaultMaxPoolSize = 100;
    private const int ConnectionsPerCore = 8;
    private const int MultiplexedConnectionsPerCore = 2;
    private const int MinimumPoolSize = 4;

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

        services.AddSingleton(provider => HubDataSource(connectionString(provider), provider.GetRequiredService<ILoggerFactory>(), forChanges: false));
        services.AddSingleton(provider => new ChangeDatabase(
            HubDataSource(connectionString(provider), provider.GetRequiredService<ILoggerFactory>(), forChanges: true)));
        services.AddSingleton(provider => new SessionDatabase(SessionDataSource(connectionString(provider))));
        services.AddHostedService(provider => new StorageHostedService(
            new DatabaseMigrator(
                provider.GetRequiredService<SessionDatabase>().Source, Migration.LoadEmbedded(), provider.GetRequiredService<ILogger<DatabaseMigrator>>()),
            provider.GetService<EmbeddedPostgres>(),
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<ChangeDatabase>(),
            provider.GetRequiredService<ILogger<StorageHostedService>>()));

        var probeInterval = TimeSpan.FromSeconds(configuration.GetValue("Hub:DatabaseProbeIntervalSeconds", 2.0));
        if (probeInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Hub:DatabaseProbeIntervalSeconds must be greater than zero.");
        }
        services.AddSingleton(provider => new DatabaseHealthMonitor(
            provider.GetRequiredService<NpgsqlDataSource>(), probeInterval, provider.GetRequiredService<ILogger<DatabaseHealthMonitor>>()));
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseHealthMonitor>());
        services.AddHealthChecks().AddCheck<DatabaseHealthMonitor>("database");
        // Watch streams get the published results: publish as often as the database is probed, or
        // every second, the least the publisher allows.
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = probeInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : probeInterval;
        });
        if (string.IsNullOrWhiteSpace(externalConnectionString))
        {
            var restartDelay = TimeSpan.FromSeconds(configuration.GetValue("Hub:DatabaseRestartDelaySeconds", 1.0));
            services.AddHostedService(provider => new EmbeddedPostgresSupervisor(
                provider.GetRequiredService<EmbeddedPostgres>(), probeInterval, restartDelay, provider.GetRequiredService<ILogger<EmbeddedPostgresSupervisor>>()));
        }

        return services;
    }

    /// <summary>
    /// A data source on the hub's database: the multiplexed one every read and single statement
    /// shares, or (<paramref name="forChanges"/>) the pool of the change transactions, see
    /// <see cref="ChangeDatabase"/>.
    /// </summary>
    private static NpgsqlDataSource HubDataSource(string configured, ILoggerFactory loggerFactory, bool forChanges)
    {
        var builder = new NpgsqlDataSourceBuilder(configured).UseLoggerFactory(loggerFactory);
        var settings = builder.ConnectionStringBuilder;

        PrepareRepeatedStatements(settings);

        // Npgsql resets every connection handed back to the pool with seven statements (RESET ALL,
        // UNLISTEN *, …) sent before the next use: PostgreSQL work on every call. The hub leaves no
        // session state behind — no SET, no LISTEN, only transaction-scoped advisory locks (the
        // migrator releases its session lock itself) — so there is nothing to reset.
        settings.NoResetOnClose = true;

        // Multiplexing: the commands of many calls share a few connections, written to PostgreSQL
        // together and answered in order, instead of each call holding a connection to itself for
        // a round trip. Fewer wake-ups and system calls on both sides: on 2 cores CheckAccess and
        // GetCaseSummary need about half the CPU they need unmultiplexed (bench/README.md). For the
        // reads an explicit Multiplexing in the connection string wins; the change pool is never
        // multiplexed, as a transaction's connection is its own. Npgsql 11 drops the mode; README
        // says what replaces it then.
        if (forChanges)
        {
            settings.Multiplexing = false;
        }
        else if (!ConnectionStringSays(configured, "Multiplexing"))
        {
            settings.Multiplexing = true;
        }

        // Npgsql's default of 100 connections means up to 100 busy PostgreSQL backends fighting over
        // a few cores: on 2 cores CheckAccess ran 7k req/s at 100 and 14k at 16 (bench/README.md).
        // Multiplexed, a few connections carry every call, and GetCaseSummary ran best on 4. The
        // change transactions mostly wait on their round trips: ScheduleMeeting gained up to 16
        // connections and little beyond (32). Calls beyond a pool queue. An explicit Max Pool Size
        // wins, for each pool.
        if (settings.MaxPoolSize == DefaultMaxPoolSize)
        {
            var perCore = settings.Multiplexing ? MultiplexedConnectionsPerCore : ConnectionsPerCore;
            settings.MaxPoolSize = Math.Max(MinimumPoolSize, perCore * Environment.ProcessorCount);
        }

        return builder.Build();
    }

    /// <summary>
    /// Connections that are each one PostgreSQL session, for the migrator, the audit appender and the
    /// outbox relay: they hold session locks (and the relay a LISTEN) across statements, and a
    /// multiplexed connection sends each statement wherever there is room. Unpooled, so nothing stays
    /// open once they are done. The appender and the relay keep theirs open and send the same few
    /// statements many times a second, so these are prepared too.
    /// </summary>
    private static NpgsqlDataSource SessionDataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false, Pooling = false };
        PrepareRepeatedStatements(settings);
        return NpgsqlDataSource.Create(settings);
    }

    /// <summary>
    /// The hub sends a few dozen fixed statements over and over; prepared once per connection,
    /// PostgreSQL skips parsing them, and planning them too where a generic plan serves (CheckAccess
    /// needs about half the CPU, GetCaseSummary two thirds; bench/README.md). A connection string
    /// may say otherwise.
    /// </summary>
    /// <remarks>
    /// Npgsql has one hazard here: when the execution that prepares a statement is refused while
    /// PostgreSQL binds its parameters — for the hub's parameters that means a text holding U+0000
    /// (22021) — the connection is left out of step and later statements on it read replies that
    /// are not theirs. So no such text reaches PostgreSQL: requests are checked by RequestText, the
    /// token service and the token validator refuse NUL themselves.
    /// </remarks>
    private static void PrepareRepeatedStatements(NpgsqlConnectionStringBuilder settings)
    {
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 128;
            settings.AutoPrepareMinUsages = 2;
        }
    }

    private static bool ConnectionStringSays(string? connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey(keyword);
}
