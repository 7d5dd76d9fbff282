using System.Text.Json;

namespace Hub.Testing;

/// <summary>Access tokens from a hub's token service, fetched as any partner system would: a plain form POST.</summary>
public static class TokenService
{
    private static readonly HttpClient Http = new();

    /// <summary>client_credentials with client_secret_post; throws with the body unless the service answers 200.</summary>
    public static async Task<string> RequestAsync(Uri tokenEndpoint, string clientId, string clientSecret)
    {
        using var response = await PostAsync(tokenEndpoint, clientId, clientSecret);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!
            : throw new HttpRequestException($"The token request failed: {(int)response.StatusCode} {body}");
    }

    /// <summary>The raw answer to a client_credentials request, whatever it is.</summary>
    public static Task<HttpResponseMessage> PostAsync(Uri tokenEndpoint, string clientId, string clientSecret) =>
        Http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }));
}
