using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hub.Tests.PersonPage;

/// <summary>Verifies a receipt as anyone holding it would: the key its header names, from the hub's published receipt keys, and a plain ES256 check.</summary>
public static class PublishedReceiptKeys
{
    /// <summary>The receipt's payload (with its key id as <c>_kid</c>) if the signature verifies; null if not.</summary>
    public static async Task<JsonNode?> VerifyAsync(Uri hub, string compact)
    {
        var parts = compact.Trim().Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        Assert.Equal("ES256", (string?)header["alg"]);
        using var http = new HttpClient();
        var keys = JsonNode.Parse(await http.GetStringAsync(new Uri(hub, "/.well-known/hub-receipt-keys.json")))!;
        var jwk = keys["keys"]!.AsArray().Single(key => (string?)key!["kid"] == (string?)header["kid"])!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars((string)jwk["x"]!), Y = Base64Url.DecodeFromChars((string)jwk["y"]!) },
        });
        if (!key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256))
        {
            return null;
        }

        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        payload["_kid"] = (string?)header["kid"];
        return payload;
    }
}
