namespace Hub.Auth;

/// <summary>The claims of the hub's access tokens beyond the registered ones (RFC 9068 §2.2).</summary>
internal static class HubClaims
{
    public const string ClientId = "client_id";

    /// <summary>Space-separated scopes (RFC 8693 §4.2).</summary>
    public const string Scope = "scope";

    /// <summary>The caller's agency in the hub's directory; external issuers may name it otherwise (AgencyClaim).</summary>
    public const string AgencyId = "agency_id";
}
