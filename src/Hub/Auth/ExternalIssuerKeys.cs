using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>
/// Signing keys of external issuers, fetched from their JWKS URL (read by Microsoft.IdentityModel's
/// <see cref="JsonWebKeySet"/>), cached, and fetched again when a token names a key not seen yet (at
/// most every 30 s per issuer, so random kids can't make the hub hammer the issuer).
/// </summary>
internal sealed class ExternalIssuerKeys(IHttpClientFactory httpClients, TimeProvider clock, ILogger<ExternalIssuerKeys> logger)
{
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinimumRefetchInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The issuer's keys as last fetched; none before the first fetch.</summary>
    public IReadOnlyList<JsonWebKey> Current(ExternalIssuerOptions issuer) => _entries.TryGetValue(issuer.Issuer, out var entry) ? entry.Keys : [];

    /// <summary>Fetches the issuer's keys when none has <paramref name="kid"/> or they are an hour old.</summary>
    public async Task EnsureKeyAsync(ExternalIssuerOptions issuer, string? kid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        _entries.TryGetValue(issuer.Issuer, out var entry);
        var known = entry is not null && (kid is null ? entry.Keys.Count > 0 : entry.Keys.Any(key => key.Kid == kid));
        var stale = entry is null || now - entry.FetchedAt > RefetchAfter;
        if ((!known || stale) && (entry is null || now - entry.FetchedAt > MinimumRefetchInterval))
        {
            await FetchAsync(issuer, now, cancellationToken);
        }
    }

    private async Task FetchAsync(ExternalIssuerOptions issuer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClients.CreateClient(nameof(ExternalIssuerKeys));
            var set = new JsonWebKeySet(await client.GetStringAsync(new Uri(issuer.JwksUri), cancellationToken));
            var keys = new List<JsonWebKey>();
            foreach (var published in set.Keys)
            {
                if (Jwks.TryUsePublic(published, out var key, out _))
                {
                    keys.Add(key!);
                }
            }

            _entries[issuer.Issuer] = new Entry(keys, now);
        }
        catch (Exception exception) when (exception is HttpRequestException or ArgumentException or TaskCanceledException)
        {
            logger.JwksFetchFailed(issuer.Issuer, issuer.JwksUri, exception);
            // Remember the failed attempt's time too, so a dead issuer isn't asked on every call.
            _entries[issuer.Issuer] = new Entry(Current(issuer), now);
        }
    }

    private sealed record Entry(IReadOnlyList<JsonWebKey> Keys, DateTimeOffset FetchedAt);
}
