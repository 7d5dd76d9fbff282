using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>
/// <c>POST /connect/token</c>: the OAuth 2.0 client-credentials grant, with the client authenticated
/// by client_secret_basic, client_secret_post or private_key_jwt (RFC 7523).
/// </summary>
internal sealed class TokenEndpoint(
    ClientStore clients,
    TokenIssuer tokens,
    IssuerIdentity issuer,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    ILogger<TokenEndpoint> logger)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private const string BearerTokenType = "Bearer";

    /// <summary>A token request is a handful of short fields; anything larger is refused before it is read.</summary>
    private const long MaxRequestBytes = 16 * 1024;

    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Verified against when a client id is unknown, so a miss costs the same time as a wrong secret.</summary>
    private static readonly string DecoyHash = ClientSecretHasher.Hash(ClientSecretHasher.NewSecret());

    /// <summary>Larger than any assertion a client sends, small enough to refuse junk cheaply.</summary>
    private const int MaxAssertionLength = 8 * 1024;

    private static readonly FormOptions FormLimits = new() { ValueCountLimit = 16, KeyLengthLimit = 64, ValueLengthLimit = MaxAssertionLength };

    private static readonly JsonWebTokenHandler Assertions = new();

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        try
        {
            var form = await ReadFormAsync(context);
            if (form[OpenIdConnectParameterNames.GrantType] is not [var grantType])
            {
                throw OAuthError.InvalidRequest("grant_type is required, once.");
            }

            if (grantType != OpenIdConnectGrantTypes.ClientCredentials)
            {
                throw OAuthError.UnsupportedGrantType("Only the client_credentials grant is supported.");
            }

            var client = await AuthenticateClientAsync(context.Request, form, context.RequestAborted);
            var scopes = NarrowScopes(client, form[OpenIdConnectParameterNames.Scope]);
            var (token, lifetime) = await tokens.IssueAsync(client, scopes, context.RequestAborted);
            logger.TokenIssued(client.ClientId, string.Join(' ', scopes));
            await WriteJsonAsync(context.Response, StatusCodes.Status200OK, writer =>
            {
                writer.WriteString(OpenIdConnectParameterNames.AccessToken, token);
                writer.WriteString(OpenIdConnectParameterNames.TokenType, BearerTokenType);
                writer.WriteNumber(OpenIdConnectParameterNames.ExpiresIn, (int)lifetime.TotalSeconds);
                writer.WriteString(OpenIdConnectParameterNames.Scope, string.Join(' ', scopes));
            });
        }
        catch (OAuthError error)
        {
            logger.TokenRefused(error.Error, error.Message);
            if (error.HttpStatus == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"interop-hub\"";
            }

            await error.WriteAsync(context.Response);
        }
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType
            || !string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthError.InvalidRequest("The request must be an application/x-www-form-urlencoded form.");
        }

        if (context.Request.ContentLength > MaxRequestBytes)
        {
            throw OAuthError.InvalidRequest("The request is too large.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        IFormCollection form;
        try
        {
            form = await new FormFeature(context.Request, FormLimits).ReadFormAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            throw OAuthError.InvalidRequest("The form is malformed or too large.");
        }

        // No client id, secret or assertion holds U+0000; one that does would only fail at the database.
        return form.Any(field => field.Key.Contains('\0', StringComparison.Ordinal) || field.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true))
            ? throw OAuthError.InvalidRequest("The form holds a NUL character.")
            : form;
    }

    private async Task<OAuthClient> AuthenticateClientAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken)
    {
        var basic = ParseBasic(request.Headers.Authorization);
        var posted = form.ContainsKey(OpenIdConnectParameterNames.ClientSecret);
        var assertion = form.ContainsKey(OpenIdConnectParameterNames.ClientAssertion) || form.ContainsKey(OpenIdConnectParameterNames.ClientAssertionType);
        if ((basic is not null ? 1 : 0) + (posted ? 1 : 0) + (assertion ? 1 : 0) > 1)
        {
            throw OAuthError.InvalidRequest("Use exactly one client authentication method.");
        }

        if (assertion)
        {
            return await AuthenticateAssertionAsync(form, cancellationToken);
        }

        var (clientId, secret) = basic ?? (Single(form, OpenIdConnectParameterNames.ClientId), Single(form, OpenIdConnectParameterNames.ClientSecret));
        if (clientId is null || secret is null)
        {
            throw OAuthError.InvalidClient("Client authentication is required.");
        }

        if (basic is not null && form[OpenIdConnectParameterNames.ClientId] is [var formClientId] && formClientId != clientId)
        {
            throw OAuthError.InvalidRequest("client_id does not match the authenticated client.");
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        var verified = ClientSecretHasher.Verify(secret, client?.SecretHash ?? DecoyHash) && client?.SecretHash is not null;
        if (!verified || client!.Disabled)
        {
            throw OAuthError.InvalidClient("Client authentication failed.");
        }

        return client;
    }

    private async Task<OAuthClient> AuthenticateAssertionAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        if (Single(form, OpenIdConnectParameterNames.ClientAssertionType) != AssertionType)
        {
            throw OAuthError.InvalidClient($"client_assertion_type must be {AssertionType}.");
        }

        var assertion = Single(form, OpenIdConnectParameterNames.ClientAssertion);
        var jwt = assertion is { Length: > 0 and <= MaxAssertionLength } ? BearerEvents.Peek(assertion) : null;
        if (jwt is null || jwt.IsEncrypted)
        {
            throw OAuthError.InvalidClient("The client assertion is unusable: it must be a signed JWT (JWS compact form).");
        }

        var clientId = jwt.Issuer;
        if (clientId.Length == 0 || jwt.Subject != clientId || (form[OpenIdConnectParameterNames.ClientId] is [var named] && named != clientId))
        {
            throw OAuthError.InvalidClient("The assertion's iss and sub must both be the client id.");
        }

        // The client id, key id and jti are looked up in PostgreSQL, whose text can't hold U+0000.
        if (clientId.Contains('\0', StringComparison.Ordinal) || jwt.Kid?.Contains('\0', StringComparison.Ordinal) == true || jwt.Id?.Contains('\0', StringComparison.Ordinal) == true)
        {
            throw OAuthError.InvalidClient("The assertion holds a NUL character.");
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        var keys = client is null ? [] : await clients.FindKeysAsync(clientId, string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid, cancellationToken);
        var validation = await Assertions.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = clientId,
            ValidAudiences = [issuer.Issuer, issuer.TokenEndpoint],
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            // Times are checked below against the hub's clock, with the hub's limits.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        if (client is null || client.Disabled || validation.Exception is SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException)
        {
            throw OAuthError.InvalidClient("The assertion's signature does not verify with a key registered for the client.");
        }

        if (validation.Exception is SecurityTokenInvalidAudienceException)
        {
            throw OAuthError.InvalidClient("The assertion's audience must be the token endpoint or the issuer.");
        }

        if (!validation.IsValid)
        {
            throw OAuthError.InvalidClient("The client assertion is unusable: " + (validation.Exception is SecurityTokenInvalidAlgorithmException ? "only ES256 and RS256 are accepted." : "it does not validate."));
        }

        var now = clock.GetUtcNow();
        var skew = options.Value.ClockSkew;
        var expires = TimeClaim(jwt, JwtRegisteredClaimNames.Exp) ?? throw OAuthError.InvalidClient("The assertion has no exp.");
        if (expires <= now - skew)
        {
            throw OAuthError.InvalidClient("The assertion has expired.");
        }

        if (expires > now + MaxAssertionLifetime + skew
            || TimeClaim(jwt, JwtRegisteredClaimNames.Nbf) > now + skew
            || TimeClaim(jwt, JwtRegisteredClaimNames.Iat) > now + skew)
        {
            throw OAuthError.InvalidClient("The assertion is dated in the future or lives too long.");
        }

        var jti = jwt.Id;
        if (string.IsNullOrEmpty(jti) || jti.Length > 256)
        {
            throw OAuthError.InvalidClient("The assertion needs a jti.");
        }

        if (!await clients.TryUseAssertionIdAsync(clientId, jti, expires + skew, now, cancellationToken))
        {
            throw OAuthError.InvalidClient("The assertion was already used.");
        }

        return client;
    }

    /// <summary>The requested scopes the client may have; all it may have when it names none.</summary>
    private static string[] NarrowScopes(OAuthClient client, StringValues requested)
    {
        if (requested.Count > 1)
        {
            throw OAuthError.InvalidRequest("scope may be given once.");
        }

        var asked = requested.Count == 0 || string.IsNullOrWhiteSpace(requested[0])
            ? client.Scopes
            : requested[0]!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var granted = asked.Where(client.Scopes.Contains).Distinct(StringComparer.Ordinal).ToArray();
        return granted.Length > 0 ? granted : throw OAuthError.InvalidScope("None of the requested scopes is allowed for this client.");
    }

    /// <summary>client_secret_basic: both parts form-url-encoded, then base64 (RFC 6749 §2.3.1).</summary>
    private static (string? ClientId, string? Secret)? ParseBasic(StringValues header)
    {
        if (header.Count == 0 || !AuthenticationHeaderValue.TryParse(header.ToString(), out var value)
            || !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter ?? string.Empty));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw OAuthError.InvalidClient("The Basic credentials are malformed.");
            }

            var clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            return clientId.Contains('\0', StringComparison.Ordinal)
                ? throw OAuthError.InvalidClient("The Basic credentials are malformed.")
                : (clientId, Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')));
        }
        catch (FormatException)
        {
            throw OAuthError.InvalidClient("The Basic credentials are not base64.");
        }
    }

    /// <summary>A NumericDate claim (seconds since the epoch), or null when absent or not a number.</summary>
    private static DateTimeOffset? TimeClaim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<long>(name, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static string? Single(IFormCollection form, string name) => form[name] is [var value] ? value : null;

    internal static async Task WriteJsonAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
    }
}
