using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.Auth.Jwt;

/// <summary>
/// A JWT in JWS compact form (header.payload.signature), split and decoded but not yet trusted.
/// Anything else — JWE's five parts, unsigned tokens, oversized or non-JSON parts — is refused here.
/// </summary>
internal sealed class CompactJws
{
    /// <summary>Larger than any token or assertion the hub issues or expects, small enough to refuse junk cheaply.</summary>
    public const int MaxLength = 8 * 1024;

    private CompactJws(string algorithm, string? keyId, JsonObject claims, byte[] signedData, byte[] signature)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Claims = claims;
        SignedData = signedData;
        Signature = signature;
    }

    public string Algorithm { get; }

    public string? KeyId { get; }

    public JsonObject Claims { get; }

    private byte[] SignedData { get; }

    private byte[] Signature { get; }

    public static bool TryParse(string? token, out CompactJws? jws, out string error)
    {
        jws = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return Fail("the token is empty or too long", out error);
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return Fail(parts.Length == 5 ? "encrypted tokens (JWE) are not accepted" : "the token is not a compact JWS", out error);
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
            if (header is null || claims is null)
            {
                return Fail("the token's header and payload must be JSON objects", out error);
            }

            var algorithm = StringClaim(header, "alg");
            if (algorithm is null or "none" || header.ContainsKey("crit"))
            {
                return Fail("the token's algorithm is missing, 'none', or carries critical extensions", out error);
            }

            jws = new CompactJws(
                algorithm,
                StringClaim(header, "kid"),
                claims,
                Encoding.ASCII.GetBytes(token.AsSpan(0, parts[0].Length + 1 + parts[1].Length).ToString()),
                Base64Url.DecodeFromChars(parts[2]));
            error = string.Empty;
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return Fail("the token is not valid base64url JSON", out error);
        }
    }

    public bool VerifyWith(PublicJwk key) => key.Verify(Algorithm, SignedData, Signature);

    public string? StringClaim(string name) => StringClaim(Claims, name);

    /// <summary>A NumericDate claim (seconds since the epoch), or null when absent or not a number.</summary>
    public DateTimeOffset? TimeClaim(string name) =>
        Claims[name] is JsonValue value && value.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The audience claim, a string or an array of strings.</summary>
    public IReadOnlyList<string> Audiences => Claims["aud"] switch
    {
        JsonArray array => array.Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToArray(),
        JsonValue value when value.TryGetValue<string>(out var single) => [single],
        _ => [],
    };

    /// <summary>
    /// JSON as JOSE documents are usually written: '+' in "consent-receipt+jwt" and non-ASCII names as
    /// themselves, not \u escapes. The HTML-safe default escaping guards nothing here, as nothing signed is embedded in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Signs the claims with ES256 under <paramref name="keyId"/>.</summary>
    public static string SignEs256(JsonObject claims, ECDsa key, string keyId, string type = "JWT") =>
        SignEs256(JsonSerializer.SerializeToUtf8Bytes(claims, JsonOptions), key, keyId, type);

    /// <summary>Signs exactly these payload bytes, so a document handed out beside its signature is the one signed.</summary>
    public static string SignEs256(ReadOnlySpan<byte> payload, ECDsa key, string keyId, string type)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = keyId, ["typ"] = type };
        var signingInput = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions)) + "." + Base64Url.EncodeToString(payload);
        // .NET produces the IEEE P1363 form (r || s) that JWS ES256 requires.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string? StringClaim(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
