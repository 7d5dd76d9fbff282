using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hub.Tests.Infrastructure;

/// <summary>Hand-built JWTs and JWKs, including the malformed and malicious ones a test needs.</summary>
public static class Jwts
{
    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Es256(JsonObject claims, ECDsa key, string? kid, string type = "JWT") =>
        Sign(claims, "ES256", kid, data => key.SignData(data, HashAlgorithmName.SHA256), type);

    public static string Rs256(JsonObject claims, RSA key, string? kid) =>
        Sign(claims, "RS256", kid, data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Hs256(JsonObject claims, byte[] secret, string? kid) => Sign(claims, "HS256", kid, data => HMACSHA256.HashData(secret, data));

    public static string Unsigned(JsonObject claims) => Encode(new JsonObject { ["alg"] = "none" }) + "." + Encode(claims) + ".";

    public static string PublicJwk(ECDsa key)
    {
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(parameters.Q.X),
            ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
        }.ToJsonString();
    }

    public static JsonObject PublicJwk(RSA key, string kid)
    {
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
    }

    public static JsonObject With(JsonObject claims, string name, JsonNode value)
    {
        claims[name] = value;
        return claims;
    }

    public static JsonObject Without(JsonObject claims, string name)
    {
        claims.Remove(name);
        return claims;
    }

    /// <summary>The token with one claim changed after signing.</summary>
    public static string Tamper(string token, string claim, JsonNode value)
    {
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims[claim] = value;
        return parts[0] + "." + Encode(claims) + "." + parts[2];
    }

    private static string Sign(JsonObject claims, string alg, string? kid, Func<byte[], byte[]> sign, string type = "JWT")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = type };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        var input = Encode(header) + "." + Encode(claims);
        return input + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(input)));
    }

    private static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
