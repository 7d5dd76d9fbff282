using Hub.Auth.Jwt;
using Hub.Consent.Identifiers;
using Hub.Rpc;
using Microsoft.Extensions.Options;

namespace Hub.Auth;

/// <summary>
/// Turns a bearer token into a <see cref="CallerIdentity"/>, or refuses it: only configured issuers
/// and their algorithms, a signature by a key of that issuer, exp/nbf within the clock skew, and the
/// hub's audience. Everything else is UNAUTHENTICATED.
/// </summary>
internal sealed class AccessTokenValidator(
    ValidatedTokens validated,
    SigningKeys ownKeys,
    ExternalIssuerKeys externalKeys,
    IssuerIdentity issuer,
    IOptions<AuthOptions> options,
    TimeProvider clock)
{
    public async Task<CallerIdentity> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (validated.TryGet(token, out var known))
        {
            return known!;
        }

        if (!CompactJws.TryParse(token, out var jws, out var problem))
        {
            throw Errors.Unauthenticated($"The access token is unusable: {problem}.");
        }

        var tokenIssuer = jws!.StringClaim("iss");
        string agencyClaim;
        PublicJwk? key;
        if (tokenIssuer == issuer.Issuer)
        {
            agencyClaim = "agency_id";
            key = jws.Algorithm == "ES256" && jws.KeyId is { } kid ? await ownKeys.FindAsync(kid, cancellationToken) : null;
        }
        else if (options.Value.ExternalIssuers.Find(external => external.Issuer == tokenIssuer) is { } external)
        {
            agencyClaim = external.AgencyClaim;
            key = external.Algorithms.Contains(jws.Algorithm) ? await externalKeys.FindAsync(external, jws.KeyId, cancellationToken) : null;
        }
        else
        {
            throw Errors.Unauthenticated("The access token's issuer is not trusted.");
        }

        // The key's own type fixes the algorithm, so an HS256 token "signed" with a public key never verifies.
        if (key is null || !jws.VerifyWith(key))
        {
            throw Errors.Unauthenticated("The access token's signature does not verify.");
        }

        var now = clock.GetUtcNow();
        var skew = options.Value.ClockSkew;
        if (jws.TimeClaim("exp") is not { } expires || expires <= now - skew)
        {
            throw Errors.Unauthenticated("The access token has expired.");
        }

        if (jws.TimeClaim("nbf") > now + skew)
        {
            throw Errors.Unauthenticated("The access token is not valid yet.");
        }

        if (!jws.Audiences.Contains(options.Value.Audience))
        {
            throw Errors.Unauthenticated("The access token is for another audience.");
        }

        AgencyId? agency = null;
        if (jws.StringClaim(agencyClaim) is { } agencyText)
        {
            agency = OpaqueId.TryParse<AgencyId>(agencyText, out var parsed)
                ? parsed
                : throw Errors.Unauthenticated("The access token's agency id is malformed.");
        }

        var clientId = jws.StringClaim("client_id") ?? jws.StringClaim("sub") ?? throw Errors.Unauthenticated("The access token names no client.");
        if (clientId.Contains('\0', StringComparison.Ordinal))
        {
            // The client is looked up in PostgreSQL, whose text can't hold U+0000.
            throw Errors.Unauthenticated("The access token's client id is malformed.");
        }

        var scopes = (jws.StringClaim("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var caller = new CallerIdentity(clientId, agency, scopes, tokenIssuer!);
        validated.Add(token, caller, expires + skew);
        return caller;
    }
}
