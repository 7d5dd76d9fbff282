using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hub.Auth.Jwt;

/// <summary>
/// A public JSON Web Key (RFC 7517) the hub verifies signatures with: EC P-256 for ES256, or RSA of
/// at least 2048 bits for RS256. Private members are refused, so a leaked private key can't be stored.
/// </summary>
internal sealed class PublicJwk
{
    private const int MinimumRsaBits = 2048;

    private readonly ECParameters? _ec;
    private readonly RSAParameters? _rsa;

    private PublicJwk(string? kid, ECParameters? ec, RSAParameters? rsa)
    {
        Kid = kid;
        _ec = ec;
        _rsa = rsa;
    }

    public string? Kid { get; }

    /// <summary>The JWS algorithm this key verifies; a token claiming any other is refused.</summary>
    public string Algorithm => _ec is not null ? "ES256" : "RS256";

    public static PublicJwk FromEcdsa(ECDsa key, string kid) => new(kid, key.ExportParameters(includePrivateParameters: false), null);

    public static bool TryParse(string json, out PublicJwk? key, out string error)
    {
        key = null;
        try
        {
            return JsonNode.Parse(json) is JsonObject jwk ? TryParse(jwk, out key, out error) : Fail("a JWK must be a JSON object", out error);
        }
        catch (JsonException)
        {
            return Fail("the JWK is not valid JSON", out error);
        }
    }

    public static bool TryParse(JsonObject jwk, out PublicJwk? key, out string error)
    {
        key = null;
        if (jwk.ContainsKey("d") || jwk.ContainsKey("p") || jwk.ContainsKey("q"))
        {
            return Fail("the JWK holds private key material; send only the public key", out error);
        }

        var kid = Text(jwk, "kid");
        try
        {
            switch (Text(jwk, "kty"))
            {
                case "EC":
                    if (Text(jwk, "crv") != "P-256")
                    {
                        return Fail("only the P-256 curve is accepted for EC keys", out error);
                    }

                    var ec = new ECParameters
                    {
                        Curve = ECCurve.NamedCurves.nistP256,
                        Q = new ECPoint { X = Bytes(jwk, "x", 32), Y = Bytes(jwk, "y", 32) },
                    };
                    ec.Validate();
                    using (ECDsa.Create(ec))
                    {
                        // Importing checks the point lies on the curve.
                    }

                    key = new PublicJwk(kid, ec, null);
                    break;
                case "RSA":
                    var rsa = new RSAParameters { Modulus = Bytes(jwk, "n", null), Exponent = Bytes(jwk, "e", null) };
                    if (rsa.Modulus!.Length * 8 < MinimumRsaBits)
                    {
                        return Fail($"RSA keys must have at least {MinimumRsaBits} bits", out error);
                    }

                    key = new PublicJwk(kid, null, rsa);
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

    public bool Verify(string algorithm, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        if (algorithm != Algorithm)
        {
            return false;
        }

        if (_ec is { } ec)
        {
            using var ecdsa = ECDsa.Create(ec);
            return ecdsa.VerifyData(signedData, signature, HashAlgorithmName.SHA256);
        }

        using var rsa = RSA.Create(_rsa!.Value);
        return rsa.VerifyData(signedData, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>The key as published in a JWKS document.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (_ec is { } ec)
        {
            json["kty"] = "EC";
            json["crv"] = "P-256";
            json["x"] = Base64Url.EncodeToString(ec.Q.X);
            json["y"] = Base64Url.EncodeToString(ec.Q.Y);
        }
        else
        {
            json["kty"] = "RSA";
            json["n"] = Base64Url.EncodeToString(_rsa!.Value.Modulus);
            json["e"] = Base64Url.EncodeToString(_rsa.Value.Exponent);
        }

        json["use"] = "sig";
        json["alg"] = Algorithm;
        if (Kid is not null)
        {
            json["kid"] = Kid;
        }

        return json;
    }

    private static string? Text(JsonObject jwk, string name) =>
        jwk[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static byte[] Bytes(JsonObject jwk, string name, int? length)
    {
        var bytes = Base64Url.DecodeFromChars(Text(jwk, name) ?? throw new FormatException($"'{name}' is missing"));
        return length is null || bytes.Length == length ? bytes : throw new FormatException($"'{name}' has the wrong length");
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
