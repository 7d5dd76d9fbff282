using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>Issues the hub's access tokens: short-lived ES256 JWTs (typ at+jwt, RFC 9068) naming the client, its agency and its scopes.</summary>
internal sealed class TokenIssuer(SigningKeys keys, IssuerIdentity issuer, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string AccessTokenType = "at+jwt";

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<(string Token, TimeSpan Lifetime)> IssueAsync(OAuthClient client, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var signing = (await keys.GetAsync(cancellationToken)).Current;
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = client.ClientId,
            [HubClaims.ClientId] = client.ClientId,
            [HubClaims.Scope] = string.Join(' ', scopes),
            [JwtRegisteredClaimNames.Jti] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        if (client.AgencyId is { } agency)
        {
            claims[HubClaims.AgencyId] = agency.Value;
        }

        var token = Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = options.Value.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            TokenType = AccessTokenType,
            SigningCredentials = signing.Credentials,
        });
        return (token, lifetime);
    }
}
