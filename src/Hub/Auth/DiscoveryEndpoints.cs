using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hub.Auth;

/// <summary>The token service's discovery document and public keys, at their standard paths, and the receipt keys.</summary>
internal static class DiscoveryEndpoints
{
    public static async Task OpenIdConfigurationAsync(HttpContext context)
    {
        var issuer = context.RequestServices.GetRequiredService<IssuerIdentity>();
        var document = new JsonObject
        {
            ["issuer"] = issuer.Issuer,
            ["token_endpoint"] = issuer.TokenEndpoint,
            ["jwks_uri"] = issuer.JwksUri,
            ["grant_types_supported"] = new JsonArray(OpenIdConnectGrantTypes.ClientCredentials),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post", "private_key_jwt"),
            ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("ES256", "RS256"),
            ["scopes_supported"] = new JsonArray([.. Scopes.All.Select(scope => JsonValue.Create(scope))]),
            ["id_token_signing_alg_values_supported"] = new JsonArray("ES256"),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(document.ToJsonString(), context.RequestAborted);
    }

    public static Task JwksAsync(HttpContext context) => JwksAsync<SigningKeys>(context);

    /// <summary>The JWKS of the key ring <typeparamref name="TRing"/>: the token keys, or the receipt keys.</summary>
    public static async Task JwksAsync<TRing>(HttpContext context)
        where TRing : KeyRing
    {
        var keys = await context.RequestServices.GetRequiredService<TRing>().GetAsync(context.RequestAborted);
        context.Response.ContentType = "application/jwk-set+json";
        // Caches may hold the keys briefly; a rotation publishes the new key well before it signs.
        context.Response.Headers.CacheControl = "public, max-age=60";
        await context.Response.WriteAsync(keys.Jwks, context.RequestAborted);
    }
}
