using System.Net;
using System.Text.Json;

namespace Hub.Client.Internal;

/// <summary>Reads the token service's answer: an access token (RFC 6749 §5.1) or an OAuth error (§5.2).</summary>
internal static class TokenResponse
{
    /// <summary>RFC 6749 makes expires_in optional; without it, assume a short life so the token is renewed soon, not used stale.</summary>
    private static readonly TimeSpan AssumedLifetime = TimeSpan.FromSeconds(60);

    public static AccessToken Read(HttpStatusCode status, byte[] body, DateTimeOffset requestedAt)
    {
        var json = Parse(body);
        if ((int)status is < 200 or > 299)
        {
            throw new TokenRequestException(status, Text(json, "error"), Text(json, "error_description"));
        }

        var token = Text(json, "access_token");
        if (string.IsNullOrEmpty(token))
        {
            throw new TokenRequestException("The token service's answer holds no access_token.");
        }

        var type = Text(json, "token_type");
        if (!string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenRequestException($"The token service issued a '{type}' token; only Bearer tokens are supported.");
        }

        var lifetime = json is { } root && root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : AssumedLifetime;
        var scopes = Text(json, "scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new AccessToken(token, "Bearer", requestedAt, requestedAt + lifetime, scopes);
    }

    /// <summary>The body as a JSON object, or null when it is not one (e.g. a proxy's HTML error page).</summary>
    private static JsonElement? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? json, string name) =>
        json is { } root && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
