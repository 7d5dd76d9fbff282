using Hub.Storage;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseMigratorTests(PostgresFixture postgres) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void The_embedded_migrations_are_found_in_version_order_starting_with_schema_version()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.Equal(new Migration(1, "schema_version", migrations[0].Sql), migrations[0]);
        Assert.Equal(migrations.Select(migration => migration.Version).Order(), migrations.Select(migration => migration.Version));
    }

    [Fact]
    public async Task Migrations_apply_and_are_recorded()
    {
        var embedded = Migration.LoadEmbedded();

        var applied = await MigrateAsync(embedded);

        Assert.Equal(embedded.Count, applied);
        Assert.Equal(embedded.Select(migration => (migration.Version, migration.Description)), await RecordedAsync());
    }

    [Fact]
    public async Task Applying_twice_is_a_no_op()
    {
        var migrations = WithEmbedded(new Migration(9001, "counter", "CREATE TABLE counter (n int); INSERT INTO counter VALUES (1);"));
        await MigrateAsync(migrations);
        var recordedFirst = await RecordedWithTimesAsync();

        var appliedSecond = await MigrateAsync(migrations);

        Assert.Equal(0, appliedSecond);
        Assert.Equal(recordedFirst, await RecordedWithTimesAsync());
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM counter"));
    }

    [Fact]
    public async Task Migrations_added_later_are_applied_after_the_earlier_ones()
    {
        await MigrateAsync(WithEmbedded(new Migration(9001, "first", "CREATE TABLE steps (id serial, step text);")));

        var applied = await MigrateAsync(WithEmbedded(
            new Migration(9001, "first", "CREATE TABLE steps (id serial, step text);"),
            new Migration(9003, "third", "INSERT INTO steps (step) VALUES ('third');"),
            new Migration(9002, "second", "INSERT INTO steps (step) VALUES ('second');")));

        Assert.Equal(2, applied);
        Assert.Equal("second,third", await _database.ScalarAsync<string>("SELECT string_agg(step, ',' ORDER BY id) FROM steps"));
    }

    [Fact]
    public async Task Racing_migrators_apply_each_migration_once()
    {
        // Each migrator has its own data source, as separate hub nodes would. Without the lock they
        // would all see nothing applied and collide creating schema_version, or insert twice.
        var migrations = WithEmbedded(
            new Migration(9001, "slow_table", "SELECT pg_sleep(0.2); CREATE TABLE applications (node int);"),
            new Migration(9002, "row", "INSERT INTO applications VALUES (1);"));
        var dataSources = Enumerable.Range(0, 4).Select(_ => _database.NewDataSource()).ToList();
        try
        {
            var counts = await Task.WhenAll(dataSources.Select(dataSource =>
                Task.Run(() => new DatabaseMigrator(dataSource, migrations, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None))));

            Assert.Equal(migrations.Count, counts.Sum());
            Assert.Equal(migrations.Select(migration => (migration.Version, migration.Description)), await RecordedAsync());
            Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM applications"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded_while_earlier_ones_stay()
    {
        var migrations = WithEmbedded(
            // Dollar quoting with semicolons inside must reach the server as one statement.
            new Migration(9001, "function", """
                CREATE FUNCTION twice(n int) RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    RETURN n * 2;
                END;
                $$;
                """),
            new Migration(9002, "broken", "CREATE TABLE half_done (id int); SELECT 1 / 0;"));

        await Assert.ThrowsAsync<PostgresException>(() => MigrateAsync(migrations));

        Assert.Equal(migrations.SkipLast(1).Select(migration => (migration.Version, migration.Description)), await RecordedAsync());
        Assert.Equal(42, await _database.ScalarAsync<int>("SELECT twice(21)"));
        Assert.False(await _database.ScalarAsync<bool>("SELECT to_regclass('half_done') IS NOT NULL"));
    }

    private static List<Migration> WithEmbedded(params Migration[] extra) => [.. Migration.LoadEmbedded(), .. extra];

    private async Task<int> MigrateAsync(IReadOnlyList<Migration> migrations)
    {
        await using var dataSource = _database.NewDataSource();
        return await new DatabaseMigrator(dataSource, migrations, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    private async Task<List<(int Version, string Description)>> RecordedAsync() =>
        [.. (await RecordedWithTimesAsync()).Select(row => (row.Version, row.Description))];

    private async Task<List<(int Version, string Description, DateTime AppliedAt)>> RecordedWithTimesAsync()
    {
        await using var dataSource = _database.NewDataSource();
        await using var command = dataSource.CreateCommand("SELECT version, description, applied_at FROM schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string, DateTime)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
        }
        return rows;
    }
}
