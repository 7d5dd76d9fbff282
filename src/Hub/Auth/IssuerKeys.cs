using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>
/// The issuers whose tokens the hub accepts — its own token service and each of
/// <c>Hub:Auth:ExternalIssuers</c> — with their signing keys (<see cref="SigningKeys"/> for its own,
/// the JWKS of the others), their algorithms, and the claim that names the caller's agency.
/// </summary>
internal sealed class IssuerKeys(SigningKeys own, ExternalIssuerKeys external, IssuerIdentity identity, IOptions<AuthOptions> options)
{
    public bool IsOwn(string? issuer) => issuer == identity.Issuer;

    public bool IsTrusted(string? issuer) => IsOwn(issuer) || External(issuer) is not null;

    /// <summary>Loads the issuer's keys if they are not at hand, or lack <paramref name="kid"/>.</summary>
    public Task EnsureKeyAsync(string issuer, string? kid, CancellationToken cancellationToken) =>
        IsOwn(issuer) ? own.EnsureKeyAsync(kid, cancellationToken)
        : External(issuer) is { } trusted ? external.EnsureKeyAsync(trusted, kid, cancellationToken)
        : Task.CompletedTask;

    /// <summary>The keys a token of this issuer naming <paramref name="kid"/> may be signed with (all of them when it names none).</summary>
    public IEnumerable<SecurityKey> Resolve(string? issuer, string? kid)
    {
        IEnumerable<JsonWebKey> keys = IsOwn(issuer) ? own.Published.Values : External(issuer) is { } trusted ? external.Current(trusted) : [];
        return string.IsNullOrEmpty(kid) ? keys : keys.Where(key => key.Kid == kid);
    }

    /// <summary>The JWS algorithms accepted from this issuer: ES256 for the hub's own tokens.</summary>
    public bool Accepts(string? issuer, string algorithm) =>
        IsOwn(issuer) ? algorithm == SecurityAlgorithms.EcdsaSha256 : External(issuer)?.Algorithms.Contains(algorithm) == true;

    /// <summary>The claim that names the caller's agency in this issuer's tokens.</summary>
    public string AgencyClaimOf(string issuer) => External(issuer)?.AgencyClaim ?? HubClaims.AgencyId;

    public IEnumerable<string> Issuers => [identity.Issuer, .. options.Value.ExternalIssuers.Select(trusted => trusted.Issuer)];

    private ExternalIssuerOptions? External(string? issuer) => options.Value.ExternalIssuers.Find(trusted => trusted.Issuer == issuer);
}
