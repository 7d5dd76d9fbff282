using System.Collections.Concurrent;
using Npgsql;

namespace Hub.Auth;

/// <summary>
/// Whether a caller's client is still enabled, so disabling a client stops the tokens it holds. Cached
/// a few seconds per client: a disable takes effect at once on the node that made it and within
/// <see cref="CacheFor"/> on the others.
/// </summary>
internal sealed class CallerStatus(NpgsqlDataSource database, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (bool Active, DateTimeOffset CheckedAt)> _checked = new(StringComparer.Ordinal);

    public async ValueTask<bool> IsActiveAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        // Agencies are keyed by agency (tokens from another issuer name no hub client); the operator by client.
        var key = caller.AgencyId?.Value ?? caller.ClientId;
        var now = clock.GetUtcNow();
        if (_checked.TryGetValue(key, out var known) && now - known.CheckedAt < CacheFor)
        {
            return known.Active;
        }

        await using var command = database.CreateCommand(caller.AgencyId is null
            ? "SELECT disabled_at IS NULL FROM oauth_client WHERE client_id = $1 AND agency_id IS NULL"
            : "SELECT disabled_at IS NULL FROM oauth_client WHERE agency_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        var active = await command.ExecuteScalarAsync(cancellationToken) is true;
        _checked[key] = (active, now);
        return active;
    }

    /// <summary>Forgets what is known of a client, after this node changed it.</summary>
    public void Forget(string agencyOrClientId) => _checked.TryRemove(agencyOrClientId, out _);
}
