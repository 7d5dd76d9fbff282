using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hub.Auth.Jwt;
using Microsoft.Extensions.Options;

namespace Hub.Auth;

/// <summary>Issues the hub's access tokens: short-lived ES256 JWTs naming the client, its agency and its scopes.</summary>
internal sealed class TokenIssuer(SigningKeys keys, IssuerIdentity issuer, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<(string Token, TimeSpan Lifetime)> IssueAsync(OAuthClient client, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var signing = (await keys.GetAsync(cancellationToken)).Current;
        var now = clock.GetUtcNow();
        var lifetime = options.Value.TokenLifetime;
        var claims = new JsonObject
        {
            ["iss"] = issuer.Issuer,
            ["aud"] = options.Value.Audience,
            ["sub"] = client.ClientId,
            ["client_id"] = client.ClientId,
            ["scope"] = string.Join(' ', scopes),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        if (client.AgencyId is { } agency)
        {
            claims["agency_id"] = agency.Value;
        }

        return (CompactJws.SignEs256(claims, signing.Key, signing.Kid, type: "at+jwt"), lifetime);
    }
}
