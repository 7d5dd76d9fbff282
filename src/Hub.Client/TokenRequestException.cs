using System.Net;

namespace Hub.Client;

/// <summary>
/// The token service refused a token request. <see cref="Error"/> is the OAuth error code (RFC 6749 §5.2),
/// e.g. invalid_client for a wrong secret or an unregistered key; null when the answer was not an OAuth error.
/// </summary>
public sealed class TokenRequestException : Exception
{
    public TokenRequestException(HttpStatusCode statusCode, string? error, string? errorDescription)
        : base(Describe(statusCode, error, errorDescription))
    {
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
    }

    public TokenRequestException()
        : this(HttpStatusCode.BadRequest, null, null)
    {
    }

    public TokenRequestException(string message)
        : base(message)
    {
    }

    public TokenRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }

    public string? Error { get; }

    public string? ErrorDescription { get; }

    private static string Describe(HttpStatusCode statusCode, string? error, string? errorDescription) => error is null
        ? $"The token service answered HTTP {(int)statusCode} without an OAuth error."
        : $"The token service refused the request: {error}" + (string.IsNullOrEmpty(errorDescription) ? "." : $": {errorDescription}");
}
