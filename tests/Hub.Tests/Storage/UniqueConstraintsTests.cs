using Hub.Storage;
using Hub.Tests.Infrastructure;
using Npgsql;

namespace Hub.Tests.Storage;

/// <summary>Every unique constraint the schema has is answered ALREADY_EXISTS with a reason of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UniqueConstraintsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_unique_constraint_and_index_of_the_migrated_schema_has_its_answer()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await StorageHost.RunAsync(new() { ["ConnectionStrings:Hub"] = database.ConnectionString }, async host =>
        {
            var names = await host.ScalarAsync<string[]>("""
                SELECT coalesce(array_agg(c.relname ORDER BY c.relname), '{}')
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE i.indisunique AND n.nspname = 'public'
                """);

            Assert.Equal(names.Order(StringComparer.Ordinal), UniqueConstraints.Answers.Keys.Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public async Task A_violation_is_answered_by_the_constraint_it_broke()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await StorageHost.RunAsync(new() { ["ConnectionStrings:Hub"] = database.ConnectionString }, async host =>
        {
            var duplicate = await Assert.ThrowsAsync<PostgresException>(() => host.ScalarAsync<object>("""
                INSERT INTO agency (agency_id, name, kind) VALUES ('ag_1', 'One', 1);
                INSERT INTO person (person_id, birth_date) VALUES ('p_1', '1990-01-01'), ('p_2', '1990-01-01');
                INSERT INTO person_link (person_id, agency_id, local_reference, reason, linked_by_agency_id)
                VALUES ('p_1', 'ag_1', 'R-1', 'registered', 'ag_1'), ('p_2', 'ag_1', 'R-1', 'registered', 'ag_1');
                """));

            Assert.True(UniqueConstraints.TryAnswer(duplicate, out var reason, out _));
            Assert.Equal("PERSON_ALREADY_REGISTERED", reason);
            Assert.False(UniqueConstraints.TryAnswer(new InvalidOperationException(), out _, out _));
        });
    }

    [Fact]
    public async Task A_hub_started_before_its_external_database_waits_for_it()
    {
        await using var cluster = TemporaryCluster.Create();
        // The cluster exists but is not running yet, as a database server that is still starting.
        await cluster.Postgres.StartAsync(CancellationToken.None);
        await cluster.Postgres.StopAsync(CancellationToken.None);
        using var host = StorageHost.Build(new() { ["ConnectionStrings:Hub"] = cluster.Postgres.ConnectionString });

        var starting = host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(starting.IsCompleted, "the hub should wait for its database rather than fail");
        await cluster.Postgres.StartAsync(CancellationToken.None);
        await starting;
        try
        {
            Assert.Equal(Migration.LoadEmbedded().Count, (int)await host.ScalarAsync<long>("SELECT count(*) FROM schema_version"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
