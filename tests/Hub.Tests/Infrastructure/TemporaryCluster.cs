using Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hub.Tests.Infrastructure;

/// <summary>
/// A throwaway data directory for an embedded cluster, run by the hub's own <see cref="EmbeddedPostgres"/>
/// code (as the postgres user when the tests run as root). Disposing stops the cluster and deletes it.
/// </summary>
public sealed class TemporaryCluster : IAsyncDisposable
{
    private TemporaryCluster(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Postgres = NewInstance();
    }

    public string DataDirectory { get; }

    internal EmbeddedPostgres Postgres { get; }

    /// <summary>Reserves a data directory without starting anything in it.</summary>
    public static TemporaryCluster Create()
    {
        // Not Directory.CreateTempSubdirectory: its 0700 mode would keep the postgres user out.
        // Short names keep the socket path within the unix limit.
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"hub-test-{Guid.NewGuid():N}"[..21]);
        Directory.CreateDirectory(dataDirectory);
        return new TemporaryCluster(dataDirectory);
    }

    public static async Task<TemporaryCluster> StartAsync()
    {
        var cluster = Create();
        try
        {
            await cluster.Postgres.StartAsync(CancellationToken.None);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another <see cref="EmbeddedPostgres"/> over the same directory, as a new hub process would have.</summary>
    internal EmbeddedPostgres NewInstance() =>
        new(DataDirectory, PostgresTools.Locate(configuredBinDirectory: null), NullLogger<EmbeddedPostgres>.Instance);

    /// <summary>The process id the running postmaster wrote on the first line of postmaster.pid.</summary>
    public int PostmasterProcessId() =>
        int.Parse(File.ReadLines(Path.Combine(Postgres.ClusterDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Postgres.StopAsync(CancellationToken.None);
        Directory.Delete(DataDirectory, recursive: true);
    }
}
