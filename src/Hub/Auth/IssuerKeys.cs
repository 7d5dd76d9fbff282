using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>The signing keys of each trusted issuer, by its authentication scheme: the hub's own (<see cref="SigningKeys"/>) and the external ones' JWKS.</summary>
internal sealed class IssuerKeys(SigningKeys own, ExternalIssuerKeys external, IOptions<AuthOptions> options)
{
    /// <summary>Loads the issuer's keys if they are not at hand, or lack <paramref name="kid"/>.</summary>
    public Task EnsureKeyAsync(string scheme, string? kid, CancellationToken cancellationToken) =>
        scheme == BearerSchemes.Hub ? own.EnsureKeyAsync(kid, cancellationToken) : external.EnsureKeyAsync(External(scheme), kid, cancellationToken);

    /// <summary>The keys a token of this issuer naming <paramref name="kid"/> may be signed with (all of them when it names none).</summary>
    public IEnumerable<SecurityKey> Resolve(string scheme, string? kid)
    {
        IEnumerable<JsonWebKey> keys = scheme == BearerSchemes.Hub ? own.Published.Values : external.Current(External(scheme));
        return string.IsNullOrEmpty(kid) ? keys : keys.Where(key => key.Kid == kid);
    }

    /// <summary>The claim that names the caller's agency in this issuer's tokens.</summary>
    public string AgencyClaimOf(string scheme) => scheme == BearerSchemes.Hub ? HubClaims.AgencyId : External(scheme).AgencyClaim;

    private ExternalIssuerOptions External(string scheme) =>
        options.Value.ExternalIssuers.Select((issuer, index) => (issuer, index)).Single(entry => BearerSchemes.External(entry.index) == scheme).issuer;
}
