namespace Hub.Auth;

/// <summary>A token request refused with a standard OAuth 2.0 error code (RFC 6749 §5.2).</summary>
internal sealed class OAuthError(string error, string description) : Exception(description)
{
    public string Error { get; } = error;

    /// <summary>invalid_client is 401 (the client failed to authenticate); every other error is 400.</summary>
    public int HttpStatus => Error == InvalidClientCode ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;

    private const string InvalidClientCode = "invalid_client";

    public static OAuthError InvalidRequest(string description) => new("invalid_request", description);

    public static OAuthError InvalidClient(string description) => new(InvalidClientCode, description);

    public static OAuthError UnsupportedGrantType(string description) => new("unsupported_grant_type", description);

    public static OAuthError InvalidScope(string description) => new("invalid_scope", description);
}
