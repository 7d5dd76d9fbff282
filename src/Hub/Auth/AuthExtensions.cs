using Hub.Consents;
using Hub.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

internal static class AuthExtensions
{
    /// <summary>About the database probe's interval: by then the hub knows whether it is back.</summary>
    private const string RetryAfterSeconds = "2";

    /// <summary>The token service, the authentication and authorization of every hub.v1 call, and the operator bootstrap.</summary>
    public static IServiceCollection AddHubAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddHttpClient(nameof(ExternalIssuerKeys), client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IssuerIdentity>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TokenEndpoint>();
        services.AddSingleton<ExternalIssuerKeys>();
        services.AddSingleton<IssuerKeys>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<CallerStatus>();
        services.AddHubBearerAuthentication();
        services.AddHubScopeAuthorization();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }

    /// <summary>
    /// One JwtBearer scheme for every trusted issuer — the hub's own token service and each of
    /// <c>Hub:Auth:ExternalIssuers</c>. JwtBearer and Microsoft.IdentityModel do the checking:
    /// signature by a key of the token's issuer (the key's type fixes the algorithm, so an HS256 token
    /// "signed" with a public key never verifies), that issuer's algorithms, exp/nbf within the clock
    /// skew, the hub's audience, and for the hub's own tokens typ at+jwt. (One scheme, not one per
    /// issuer behind a forwarding scheme: a call then runs one authentication handler, not two.)
    /// </summary>
    private static void AddHubBearerAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<BearerEvents>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>, BearerEvents, IssuerKeys>((options, auth, events, keys) =>
        {
            // Claims keep their JWT names (sub, scope, agency_id), not the WS-Federation URIs.
            options.MapInboundClaims = false;
            options.Events = events;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuers = keys.Issuers,
                ValidAudience = auth.Value.Audience,
                ClockSkew = auth.Value.ClockSkew,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                NameClaimType = JwtRegisteredClaimNames.Sub,
                // The keys are at hand: BearerEvents fetched any the token names before validation starts.
                IssuerSigningKeyResolver = (_, token, kid, _) => keys.Resolve(token.Issuer, kid),
                AlgorithmValidator = (algorithm, _, token, _) => keys.Accepts(token.Issuer, algorithm),
                TypeValidator = (type, token, _) => !keys.IsOwn(token.Issuer) || type == TokenIssuer.AccessTokenType
                    ? type
                    : throw new SecurityTokenInvalidTypeException($"The hub's access tokens are of type {TokenIssuer.AccessTokenType}.") { InvalidType = type },
            };
        });
    }

    public static IEndpointRouteBuilder MapHubTokenService(this IEndpointRouteBuilder endpoints)
    {
        var tokenEndpoint = endpoints.ServiceProvider.GetRequiredService<TokenEndpoint>();
        endpoints.MapPost("/connect/token", AnsweringOutages(tokenEndpoint.HandleAsync));
        endpoints.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.OpenIdConfigurationAsync);
        endpoints.MapGet("/.well-known/jwks.json", AnsweringOutages(DiscoveryEndpoints.JwksAsync));
        endpoints.MapGet(ReceiptKeys.WellKnownPath, AnsweringOutages(DiscoveryEndpoints.JwksAsync<ReceiptKeys>));
        return endpoints;
    }

    /// <summary>
    /// While the database is unreachable, an endpoint that needs it answers 503 with OAuth's
    /// temporarily_unavailable and a Retry-After, rather than a 500 with an empty body.
    /// </summary>
    private static RequestDelegate AnsweringOutages(RequestDelegate endpoint) => async context =>
    {
        try
        {
            await endpoint(context);
        }
        catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception) && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Response.Headers.CacheControl = "no-store";
            await OAuthError.TemporarilyUnavailable("The hub's database is unreachable right now; retry shortly.").WriteAsync(context.Response);
        }
    };
}
