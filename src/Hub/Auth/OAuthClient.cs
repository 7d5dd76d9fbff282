using Hub.Consent.Identifiers;

namespace Hub.Auth;

/// <summary>A client of the token service: an agency's system, or the operator's hub-admin.</summary>
internal sealed record OAuthClient(string ClientId, AgencyId? AgencyId, string? SecretHash, IReadOnlyList<string> Scopes, bool Disabled)
{
    public const string AdminClientId = "hub-admin";
}
