using Hub.Consent.Identifiers;
using Hub.Rpc;

namespace Hub.Auth;

/// <summary>Who is calling, as the validated access token says: an agency's system, or the operator.</summary>
internal sealed record CallerIdentity(string ClientId, AgencyId? AgencyId, IReadOnlySet<string> Scopes, string Issuer)
{
    /// <summary>The caller's agency; an RPC that acts for an agency refuses the operator with this.</summary>
    public AgencyId RequireAgency() =>
        AgencyId ?? throw Errors.PermissionDenied("This call is made by an agency's system, not by the operator.", "AGENCY_REQUIRED");
}
