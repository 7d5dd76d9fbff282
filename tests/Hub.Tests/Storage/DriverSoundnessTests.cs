using Hub.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Tests.Storage;

/// <summary>
/// A statement PostgreSQL refuses must cost only its own call. With Npgsql's automatic preparation
/// it did not: when the execution that prepared a statement was refused while its parameters were
/// bound (22021 for a NUL), the connection was left out of step, and statements after it read
/// replies that were not theirs. Fresh connections make that execution likely, so the pool is
/// emptied every few rounds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DriverSoundnessTests(PostgresFixture postgres)
{
    private const int Rounds = 1_000;
    private const int ValidPerRound = 8;
    private const string Page = "SELECT g, $1::text FROM generate_series(1, 100) g WHERE $1::text IS NULL OR g::text > $1 ORDER BY g LIMIT $2";

    [Fact]
    public async Task A_refused_statement_among_valid_ones_fails_alone_a_thousand_times_over()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        // A small pool, so emptying it makes fresh connections cheap.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 4 }.ConnectionString;
        using var host = StorageHost.Build(new() { ["ConnectionStrings:Hub"] = connectionString });
        await host.StartAsync();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var refused = 0;
        var failures = new List<string>();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                if (round % 20 == 0)
                {
                    dataSource.Clear();
                }

                var invalid = Assert.ThrowsAsync<PostgresException>(() => ReadPageAsync(dataSource, "a\0b"));
                var valid = Enumerable.Range(0, ValidPerRound).Select(_ => ValidCallAsync(dataSource)).ToList();
                refused += (await invalid).SqlState == PostgresErrorCodes.CharacterNotInRepertoire ? 1 : 0;
                foreach (var call in valid)
                {
                    try
                    {
                        await call;
                    }
                    // Npgsql reports a connection out of step as a bare Exception ("… Please file a bug").
                    catch (Exception exception)
                    {
                        failures.Add(exception.Message);
                    }
                }
            }
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Equal(Rounds, refused);
        Assert.True(failures.Count == 0, $"{failures.Count} of {Rounds * ValidPerRound} valid calls failed: {string.Join("; ", failures.Distinct().Take(3))}");
    }

    /// <summary>What a read of the hub does: a batch of two statements, a single one, and a page of rows.</summary>
    private static async Task ValidCallAsync(NpgsqlDataSource dataSource)
    {
        await using (var batch = dataSource.CreateBatch())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT $1::text, 1") { Parameters = { new() { Value = "batch" } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT g FROM generate_series(1, 3) g WHERE g::text = $1") { Parameters = { new() { Value = "2" } } });
            await using var reader = await batch.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }

            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        await ReadPageAsync(dataSource, after: null);
    }

    private static async Task ReadPageAsync(NpgsqlDataSource dataSource, string? after)
    {
        await using var command = dataSource.CreateCommand(Page);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = 50 });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}
