using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hub.Auth.Jwt;

namespace Hub.Auth;

/// <summary>
/// Signing keys of external issuers, fetched from their JWKS URL, cached, and fetched again when a
/// token names a key not seen yet (at most every 30 s per issuer, so random kids can't make the hub
/// hammer the issuer).
/// </summary>
internal sealed class ExternalIssuerKeys(IHttpClientFactory httpClients, TimeProvider clock, ILogger<ExternalIssuerKeys> logger)
{
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinimumRefetchInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<PublicJwk?> FindAsync(ExternalIssuerOptions issuer, string? kid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        _entries.TryGetValue(issuer.Issuer, out var entry);
        var key = entry is null ? null : Pick(entry.Keys, kid);
        var stale = entry is null || now - entry.FetchedAt > RefetchAfter;
        if ((key is null || stale) && (entry is null || now - entry.FetchedAt > MinimumRefetchInterval))
        {
            entry = await FetchAsync(issuer, now, cancellationToken) ?? entry;
            key = entry is null ? null : Pick(entry.Keys, kid);
        }

        return key;
    }

    private static PublicJwk? Pick(IReadOnlyList<PublicJwk> keys, string? kid) =>
        kid is null ? (keys.Count == 1 ? keys[0] : null) : keys.FirstOrDefault(key => key.Kid == kid);

    private async Task<Entry?> FetchAsync(ExternalIssuerOptions issuer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClients.CreateClient(nameof(ExternalIssuerKeys));
            var document = JsonNode.Parse(await client.GetStringAsync(new Uri(issuer.JwksUri), cancellationToken));
            var keys = new List<PublicJwk>();
            foreach (var node in document?["keys"] as JsonArray ?? [])
            {
                if (node is JsonObject jwk && PublicJwk.TryParse(jwk, out var key, out _))
                {
                    keys.Add(key!);
                }
            }

            var entry = new Entry(keys, now);
            _entries[issuer.Issuer] = entry;
            return entry;
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
        {
            logger.JwksFetchFailed(issuer.Issuer, issuer.JwksUri, exception);
            // Remember the failed attempt's time too, so a dead issuer isn't asked on every call.
            var previous = _entries.GetValueOrDefault(issuer.Issuer);
            _entries[issuer.Issuer] = new Entry(previous?.Keys ?? [], now);
            return previous;
        }
    }

    private sealed record Entry(IReadOnlyList<PublicJwk> Keys, DateTimeOffset FetchedAt);
}
