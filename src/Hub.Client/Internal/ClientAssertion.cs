using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.Client.Internal;

/// <summary>The signed JWT a private_key_jwt client authenticates with (RFC 7523 §3).</summary>
internal static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Long enough for a slow round trip, short enough that a captured assertion is soon useless.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static string Create(string clientId, Uri audience, DateTimeOffset now, string algorithm, string keyId, Func<byte[], byte[]> sign)
    {
        var header = new JsonObject { ["alg"] = algorithm, ["kid"] = keyId, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience.AbsoluteUri,
            // The token service refuses a jti it has seen, so each assertion gets a new random one.
            ["jti"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        };
        var signingInput = Encode(header) + "." + Encode(claims);
        return signingInput + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(json));
}
