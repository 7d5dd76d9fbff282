using Microsoft.Extensions.Options;
using Npgsql;

namespace Hub.Auth;

/// <summary>
/// The hub's token-signing keys: a new one every <c>SigningKeyLifetimeDays</c>, and a retired key
/// published until every token it signed has expired.
/// </summary>
internal sealed class SigningKeys(NpgsqlDataSource database, IOptions<AuthOptions> options, TimeProvider clock) : KeyRing(database, clock)
{
    protected override string Table => "signing_key";

    protected override TimeSpan Lifetime => TimeSpan.FromDays(options.Value.SigningKeyLifetimeDays);

    // A retired key verifies for as long as a token it signed can still be valid.
    protected override DateTimeOffset? PublishedSince(DateTimeOffset now) => now - options.Value.TokenLifetime - options.Value.ClockSkew;
}
