using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Hub.Client.Internal;

namespace Hub.Client;

/// <summary>
/// Asks the hub's token service (or another OAuth 2.0 authority) for an access token with the
/// client-credentials grant. Each call is one request; <see cref="AccessTokenSource"/> caches.
/// </summary>
public sealed class TokenClient
{
    /// <summary>What a token is taken to live when the answer says nothing (expires_in is only RECOMMENDED).</summary>
    private static readonly TimeSpan AssumedLifetime = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly HubClientCredentials _credentials;
    private readonly TimeProvider _time;

    /// <summary>A client sending its requests through one HttpClient shared by the process.</summary>
    /// <param name="tokenEndpoint">The token endpoint, e.g. http://127.0.0.1:5101/connect/token.</param>
    /// <param name="credentials">Who the client is.</param>
    public TokenClient(Uri tokenEndpoint, HubClientCredentials credentials)
        : this(TokenHttp.Shared, tokenEndpoint, credentials)
    {
    }

    /// <param name="httpClient">Sends the requests; the caller keeps ownership.</param>
    /// <param name="tokenEndpoint">The token endpoint, e.g. http://127.0.0.1:5101/connect/token; private_key_jwt assertions name it as their audience.</param>
    /// <param name="credentials">Who the client is.</param>
    /// <param name="timeProvider">The clock for assertion and expiry times; the system clock by default.</param>
    public TokenClient(HttpClient httpClient, Uri tokenEndpoint, HubClientCredentials credentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        if (!tokenEndpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The token endpoint must be an absolute URL.", nameof(tokenEndpoint));
        }

        _http = httpClient;
        TokenEndpoint = tokenEndpoint;
        _credentials = credentials;
        _time = timeProvider ?? TimeProvider.System;
    }

    public Uri TokenEndpoint { get; }

    public string ClientId => _credentials.ClientId;

    /// <summary>
    /// A new access token. <paramref name="scope"/> narrows it to those space-separated scopes; null
    /// asks for every scope the client may have.
    /// </summary>
    /// <exception cref="TokenRequestException">The token service refused, e.g. invalid_client for wrong credentials.</exception>
    /// <exception cref="HttpRequestException">The token service could not be reached.</exception>
    public async Task<AccessToken> RequestTokenAsync(string? scope = null, CancellationToken cancellationToken = default)
    {
        var request = new ClientCredentialsTokenRequest { Address = TokenEndpoint.AbsoluteUri, Scope = string.IsNullOrWhiteSpace(scope) ? null : scope };
        var requestedAt = _time.GetUtcNow();
        _credentials.Authenticate(request, requestedAt);
        using var response = await _http.RequestClientCredentialsTokenAsync(request, cancellationToken);
        switch (response.ErrorType)
        {
            case ResponseErrorType.None:
                break;
            case ResponseErrorType.Exception:
                throw response.Exception as HttpRequestException ?? new HttpRequestException(response.Error, response.Exception);
            default:
                // For a refusal other than 400 (invalid_client comes as 401) Error is the HTTP reason phrase; the OAuth error is in the body.
                throw new TokenRequestException(response.HttpStatusCode, response.TryGet(OidcConstants.TokenResponse.Error), response.ErrorDescription);
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            throw new TokenRequestException("The token service's answer holds no access_token.");
        }

        if (!string.Equals(response.TokenType, OidcConstants.TokenResponse.BearerTokenType, StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenRequestException($"The token service issued a '{response.TokenType}' token; only Bearer tokens are supported.");
        }

        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : AssumedLifetime;
        var scopes = response.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new AccessToken(response.AccessToken, OidcConstants.TokenResponse.BearerTokenType, requestedAt, requestedAt + lifetime, scopes);
    }
}
