using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>
/// The public JSON Web Keys (RFC 7517) the hub verifies signatures with, as Microsoft.IdentityModel's
/// <see cref="JsonWebKey"/>: EC P-256 for ES256 or RSA of at least 2048 bits for RS256. A key holding
/// private members is refused, so a leaked private key can't be stored.
/// </summary>
internal static class Jwks
{
    private const int MinimumRsaBits = 2048;

    /// <summary>A public key as a JWK that verifies ES256 under <paramref name="keyId"/>.</summary>
    public static JsonWebKey Public(ECDsa key, string keyId)
    {
        using var publicHalf = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicHalf) { KeyId = keyId });
        jwk.Use = JsonWebKeyUseNames.Sig;
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        return jwk;
    }

    /// <summary>
    /// The public key <paramref name="json"/> describes, with only its own members (kty, crv, x, y or
    /// n, e, and kid): whatever else it held is none of the hub's to keep.
    /// </summary>
    public static bool TryParsePublic(string json, out JsonWebKey? key, out string error)
    {
        key = null;
        JsonWebKey parsed;
        try
        {
            parsed = new JsonWebKey(json);
        }
        catch (ArgumentException)
        {
            return Fail("the JWK is not a valid JSON object", out error);
        }

        return TryUsePublic(parsed, out key, out error);
    }

    /// <summary>
    /// <paramref name="parsed"/> as a key the hub verifies with, keeping only its own members; false,
    /// with why, for a private key, another curve, a short RSA modulus or malformed key material.
    /// </summary>
    public static bool TryUsePublic(JsonWebKey parsed, out JsonWebKey? key, out string error)
    {
        key = null;
        if (parsed.HasPrivateKey || parsed.D is not null || parsed.P is not null || parsed.Q is not null)
        {
            return Fail("the JWK holds private key material; send only the public key", out error);
        }

        try
        {
            switch (parsed.Kty)
            {
                case JsonWebAlgorithmsKeyTypes.EllipticCurve:
                    if (parsed.Crv != JsonWebKeyECTypes.P256)
                    {
                        return Fail("only the P-256 curve is accepted for EC keys", out error);
                    }

                    // Importing checks the point lies on the curve.
                    using (ECDsa.Create(new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        Q = new ECPoint { X = Coordinate(parsed.X), Y = Coordinate(parsed.Y) },
                    }))
                    {
                    }

                    key = new JsonWebKey { Kty = parsed.Kty, Crv = parsed.Crv, X = parsed.X, Y = parsed.Y, Kid = parsed.Kid, Use = JsonWebKeyUseNames.Sig, Alg = SecurityAlgorithms.EcdsaSha256 };
                    break;
                case JsonWebAlgorithmsKeyTypes.RSA:
                    if (string.IsNullOrEmpty(parsed.E) || Base64UrlEncoder.DecodeBytes(parsed.N ?? string.Empty).Length * 8 < MinimumRsaBits)
                    {
                        return Fail($"RSA keys must have an exponent and at least {MinimumRsaBits} bits", out error);
                    }

                    key = new JsonWebKey { Kty = parsed.Kty, N = parsed.N, E = parsed.E, Kid = parsed.Kid, Use = JsonWebKeyUseNames.Sig, Alg = SecurityAlgorithms.RsaSha256 };
                    break;
                default:
                    return Fail("kty must be EC or RSA", out error);
            }
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or ArgumentException)
        {
            return Fail("the JWK's key material is malformed", out error);
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The key as JSON, without the empty members the serializer would add (key_ops, x5c, oth).</summary>
    public static JsonObject ToJson(JsonWebKey key)
    {
        var json = JsonSerializer.SerializeToNode(key)!.AsObject();
        foreach (var (name, _) in json.Where(member => member.Value is JsonArray { Count: 0 }).ToList())
        {
            json.Remove(name);
        }

        return json;
    }

    /// <summary>A JWKS document (RFC 7517 §5) of <paramref name="keys"/>.</summary>
    public static string Set(IEnumerable<JsonWebKey> keys) =>
        new JsonObject { ["keys"] = new JsonArray([.. keys.Select(ToJson)]) }.ToJsonString();

    private static byte[] Coordinate(string? value)
    {
        var bytes = Base64UrlEncoder.DecodeBytes(value ?? throw new FormatException("a coordinate is missing"));
        return bytes.Length == 32 ? bytes : throw new FormatException("a coordinate has the wrong length");
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
