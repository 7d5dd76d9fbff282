namespace Hub.Auth;

/// <summary>The authentication schemes of the hub's callers: one JwtBearer scheme per trusted issuer, chosen by the token's <c>iss</c>.</summary>
internal static class BearerSchemes
{
    /// <summary>The default scheme: forwards to the scheme of the token's issuer.</summary>
    public const string ByIssuer = "Bearer";

    /// <summary>Tokens of the hub's own token service.</summary>
    public const string Hub = "Bearer:hub";

    /// <summary>Tokens of the external issuer at <paramref name="index"/> in Hub:Auth:ExternalIssuers.</summary>
    public static string External(int index) => $"Bearer:external:{index}";
}
