using Npgsql;

namespace Hub.Storage;

/// <summary>
/// The hub's database as single sessions: each connection is one PostgreSQL backend for as long as
/// it is open, unpooled. For work that holds session state — a session advisory lock, a LISTEN —
/// which the multiplexed pool can't carry.
/// </summary>
internal sealed class SessionDatabase(NpgsqlDataSource source) : IAsyncDisposable
{
    public NpgsqlDataSource Source { get; } = source;

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) => Source.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
