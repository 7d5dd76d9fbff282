using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hub.Auth;

/// <summary>A token request refused with a standard OAuth 2.0 error code (RFC 6749 §5.2).</summary>
internal sealed class OAuthError(string error, string description) : Exception(description)
{
    private const string InvalidRequestCode = "invalid_request";
    private const string InvalidClientCode = "invalid_client";
    private const string UnsupportedGrantTypeCode = "unsupported_grant_type";
    private const string InvalidScopeCode = "invalid_scope";
    private const string TemporarilyUnavailableCode = "temporarily_unavailable";

    public string Error { get; } = error;

    /// <summary>invalid_client is 401 (the client failed to authenticate), temporarily_unavailable 503; every other error is 400.</summary>
    public int HttpStatus => Error switch
    {
        InvalidClientCode => StatusCodes.Status401Unauthorized,
        TemporarilyUnavailableCode => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static OAuthError InvalidRequest(string description) => new(InvalidRequestCode, description);

    public static OAuthError InvalidClient(string description) => new(InvalidClientCode, description);

    public static OAuthError UnsupportedGrantType(string description) => new(UnsupportedGrantTypeCode, description);

    public static OAuthError InvalidScope(string description) => new(InvalidScopeCode, description);

    /// <summary>The service can't answer now but will soon (its database is unreachable); the request may be sent again.</summary>
    public static OAuthError TemporarilyUnavailable(string description) => new(TemporarilyUnavailableCode, description);

    /// <summary>The error as the response: its status and the JSON body of RFC 6749 §5.2.</summary>
    public Task WriteAsync(HttpResponse response) =>
        TokenEndpoint.WriteJsonAsync(response, HttpStatus, writer =>
        {
            writer.WriteString(OpenIdConnectParameterNames.Error, Error);
            writer.WriteString(OpenIdConnectParameterNames.ErrorDescription, Message);
        });
}
