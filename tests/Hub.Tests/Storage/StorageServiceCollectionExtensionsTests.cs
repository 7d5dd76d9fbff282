using Grpc.Health.V1;
using Hub.Protocol.Health;
using Hub.Storage;
using Hub.Tests.Infrastructure;
using Npgsql;

namespace Hub.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class StorageServiceCollectionExtensionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task With_a_configured_connection_string_the_hub_migrates_that_database_and_runs_no_cluster()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        using var host = BuildHost(new() { ["ConnectionStrings:Hub"] = database.ConnectionString });

        await host.StartAsync();
        try
        {
            Assert.Null(host.Services.GetService<EmbeddedPostgres>());
            Assert.Equal(database.Name, await ScalarAsync<string>(host, "SELECT current_database()"));
            Assert.Equal(Migration.LoadEmbedded().Count, (int)await ScalarAsync<long>(host, "SELECT count(*) FROM schema_version"));
            await Poll.UntilAsync(() => IsServing(host), "the hub reports serving");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Without_one_the_hub_runs_its_own_cluster_in_the_data_directory_for_as_long_as_it_runs()
    {
        await using var dataDirectory = TemporaryCluster.Create();
        using var host = BuildHost(new() { ["Hub:DataDir"] = dataDirectory.DataDirectory });

        await host.StartAsync();
        try
        {
            Assert.Equal(dataDirectory.DataDirectory, host.Services.GetRequiredService<EmbeddedPostgres>().DataDirectory);
            Assert.Equal("hub", await ScalarAsync<string>(host, "SELECT current_database()"));
            Assert.Equal(Migration.LoadEmbedded().Count, (int)await ScalarAsync<long>(host, "SELECT count(*) FROM schema_version"));
            await Poll.UntilAsync(() => IsServing(host), "the hub reports serving");
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.False(File.Exists(Path.Combine(dataDirectory.Postgres.ClusterDirectory, "postmaster.pid")), "the cluster should stop with the hub");
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddHubStorage(builder.Configuration);
        return builder.Build();
    }

    private static async Task<T> ScalarAsync<T>(IHost host, string sql)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static bool IsServing(IHost host) =>
        host.Services.GetRequiredService<HealthStatusStore>().TryGetStatus(HealthStatusStore.WholeServer, out var status)
        && status == HealthCheckResponse.Types.ServingStatus.Serving;
}
