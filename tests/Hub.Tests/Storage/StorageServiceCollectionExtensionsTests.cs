using Hub.Storage;
using Hub.Tests.Infrastructure;

namespace Hub.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class StorageServiceCollectionExtensionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task With_a_configured_connection_string_the_hub_migrates_that_database_and_runs_no_cluster()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        using var host = StorageHost.Build(new() { ["ConnectionStrings:Hub"] = database.ConnectionString });

        await host.StartAsync();
        try
        {
            Assert.Null(host.Services.GetService<EmbeddedPostgres>());
            Assert.Equal(database.Name, await host.ScalarAsync<string>("SELECT current_database()"));
            Assert.Equal(Migration.LoadEmbedded().Count, (int)await host.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
            await Poll.UntilAsync(host.IsServing, "the hub reports serving");
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
        using var host = StorageHost.Build(new() { ["Hub:DataDir"] = dataDirectory.DataDirectory });

        await host.StartAsync();
        try
        {
            Assert.Equal(dataDirectory.DataDirectory, host.Services.GetRequiredService<EmbeddedPostgres>().DataDirectory);
            Assert.Equal("hub", await host.ScalarAsync<string>("SELECT current_database()"));
            Assert.Equal(Migration.LoadEmbedded().Count, (int)await host.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
            await Poll.UntilAsync(host.IsServing, "the hub reports serving");
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.False(File.Exists(Path.Combine(dataDirectory.Postgres.ClusterDirectory, "postmaster.pid")), "the cluster should stop with the hub");
    }
}
