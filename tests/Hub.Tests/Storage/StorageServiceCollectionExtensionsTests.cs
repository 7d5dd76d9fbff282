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

    /// <summary>
    /// The appender and the relay keep one session each and send it the same statements many times a
    /// second; unprepared, PostgreSQL parsed and planned every one of them (a tenth of its CPU under
    /// ScheduleMeeting, bench/README.md).
    /// </summary>
    [Fact]
    public async Task Statements_repeated_on_a_session_or_a_change_connection_are_prepared_there()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await StorageHost.RunAsync(new() { ["ConnectionStrings:Hub"] = database.ConnectionString }, async host =>
        {
            await using var session = await host.Services.GetRequiredService<SessionDatabase>().OpenConnectionAsync(CancellationToken.None);
            Assert.Equal(1, await PreparedAfterRepeatingAsync(session));
            await using var change = await host.Services.GetRequiredService<ChangeDatabase>().OpenConnectionAsync(CancellationToken.None);
            Assert.Equal(1, await PreparedAfterRepeatingAsync(change));
        });
    }

    /// <summary>Sends one statement three times, then counts the connection's prepared statements of that text.</summary>
    private static async Task<long> PreparedAfterRepeatingAsync(NpgsqlConnection connection)
    {
        const string Repeated = "SELECT $1::int + 1";
        for (var i = 0; i < 3; i++)
        {
            await using var command = connection.Command(Repeated).WithParameters(i);
            Assert.Equal(i + 1, await command.ExecuteScalarAsync());
        }

        await using var count = connection.Command("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1").WithParameters(Repeated);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
