using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Hub.Tests.Client;

/// <summary>The public half of a test key as the JWK that AddClientKey takes.</summary>
internal static class TestKeys
{
    public static string PublicJwk(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec when ec.ExportParameters(includePrivateParameters: false) is var p => new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(p.Q.X),
            ["y"] = Base64Url.EncodeToString(p.Q.Y),
        }.ToJsonString(),
        RSA rsa when rsa.ExportParameters(includePrivateParameters: false) is var p => new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Base64Url.EncodeToString(p.Modulus),
            ["e"] = Base64Url.EncodeToString(p.Exponent),
        }.ToJsonString(),
        _ => throw new ArgumentException($"No JWK form for {key.GetType().Name}.", nameof(key)),
    };
}
