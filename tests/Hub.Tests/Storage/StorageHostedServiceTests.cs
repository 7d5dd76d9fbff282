using Hub.Storage;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Tests.Storage;

public sealed class StorageHostedServiceTests
{
    [Fact]
    public async Task A_hub_whose_migration_fails_does_not_start_and_leaves_no_database_server_running()
    {
        await using var cluster = TemporaryCluster.Create();
        await using var dataSource = NpgsqlDataSource.Create(cluster.Postgres.ConnectionString);
        await using var changes = new ChangeDatabase(NpgsqlDataSource.Create(cluster.Postgres.ConnectionString));
        Migration[] broken = [.. Migration.LoadEmbedded(), new Migration(9001, "broken", "SELECT 1 / 0;")];
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHostedService(_ => new StorageHostedService(
            new DatabaseMigrator(dataSource, broken, NullLogger<DatabaseMigrator>.Instance), cluster.Postgres, dataSource, changes, NullLogger<StorageHostedService>.Instance));
        using var host = builder.Build();

        await Assert.ThrowsAsync<PostgresException>(() => host.StartAsync());

        Assert.True(File.Exists(Path.Combine(cluster.Postgres.ClusterDirectory, "PG_VERSION")), "the cluster should have been created");
        Assert.False(File.Exists(Path.Combine(cluster.Postgres.ClusterDirectory, "postmaster.pid")), "the cluster should not be left running");
    }
}
