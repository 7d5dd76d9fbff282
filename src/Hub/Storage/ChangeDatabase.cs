using Npgsql;

namespace Hub.Storage;

/// <summary>
/// The hub's database for change transactions: pooled connections, not multiplexed, each held by one
/// transaction from its first statement to its commit. A pool apart from the multiplexed one the
/// reads share, because there a transaction takes one of its few connections (4 on 2 cores) for
/// itself: no more changes ran at once than that, each waiting out its round trips, and enlarging
/// that pool spread the reads over more backends (GetCaseSummary 215–250 µs of CPU a call instead
/// of ~155; bench/README.md).
/// </summary>
internal sealed class ChangeDatabase(NpgsqlDataSource source) : IAsyncDisposable
{
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => source.OpenConnectionAsync(cancellationToken);

    /// <summary>Closes the idle connections, as before the embedded server stops.</summary>
    public void Clear() => source.Clear();

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
