using System.Net.Http.Headers;
using Hub.Client.Internal;

namespace Hub.Client;

/// <summary>
/// Asks the hub's token service (or another OAuth 2.0 authority) for an access token with the
/// client-credentials grant. Each call is one request; <see cref="OAuthCallCredentials"/> caches.
/// </summary>
public sealed class TokenClient
{
    private readonly HttpClient _http;
    private readonly HubClientCredentials _credentials;
    private readonly TimeProvider _time;

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
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            form["scope"] = scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var requestedAt = _time.GetUtcNow();
        _credentials.Authenticate(request, form, TokenEndpoint, requestedAt);
        request.Content = new FormUrlEncodedContent(form);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return TokenResponse.Read(response.StatusCode, body, requestedAt);
    }
}
