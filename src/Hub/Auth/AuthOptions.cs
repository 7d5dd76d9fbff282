namespace Hub.Auth;

/// <summary>The <c>Hub:Auth</c> configuration section.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Hub:Auth";

    /// <summary>The token service's issuer URL; by default http://127.0.0.1:{HTTP port}.</summary>
    public string? Issuer { get; set; }

    /// <summary>What access tokens must name in <c>aud</c>.</summary>
    public string Audience { get; set; } = "interop-hub";

    public int TokenLifetimeSeconds { get; set; } = 300;

    /// <summary>How far clocks may disagree when checking exp, nbf and iat.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>After this age the signing key is replaced; the old one stays published until its tokens expire.</summary>
    public int SigningKeyLifetimeDays { get; set; } = 30;

    /// <summary>Other authorities whose tokens the hub accepts, e.g. a Duende IdentityServer.</summary>
    public List<ExternalIssuerOptions> ExternalIssuers { get; } = [];

    public TimeSpan TokenLifetime => TimeSpan.FromSeconds(TokenLifetimeSeconds);

    public TimeSpan ClockSkew => TimeSpan.FromSeconds(ClockSkewSeconds);
}

internal sealed class ExternalIssuerOptions
{
    public string Issuer { get; set; } = string.Empty;

    public string JwksUri { get; set; } = string.Empty;

    /// <summary>The JWS algorithms accepted from this issuer; ES256 and RS256 are supported.</summary>
    public List<string> Algorithms { get; } = ["RS256", "ES256"];

    /// <summary>The claim that holds the hub agency id of the caller.</summary>
    public string AgencyClaim { get; set; } = "agency_id";
}
