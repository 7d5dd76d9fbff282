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
        services.AddHubBearerAuthentication(configuration);
        services.AddHubScopeAuthorization();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }

    /// <summary>
    /// One JwtBearer scheme per trusted issuer — the hub's own token service and each of
    /// <c>Hub:Auth:ExternalIssuers</c> — behind a default scheme that picks by the token's <c>iss</c>.
    /// JwtBearer and Microsoft.IdentityModel do the checking: signature by a key of that issuer
    /// (the key's type fixes the algorithm, so an HS256 token "signed" with a public key never
    /// verifies), the issuer's algorithms, exp/nbf within the clock skew, the hub's audience, and for
    /// the hub's own tokens typ at+jwt.
    /// </summary>
    private static void AddHubBearerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton<BearerEvents>();
        var schemes = services.AddAuthentication(BearerSchemes.ByIssuer)
            .AddPolicyScheme(BearerSchemes.ByIssuer, displayName: null, options => options.ForwardDefaultSelector = SchemeOf)
            .AddJwtBearer(BearerSchemes.Hub, _ => { });
        for (var index = 0; index < auth.ExternalIssuers.Count; index++)
        {
            schemes.AddJwtBearer(BearerSchemes.External(index), _ => { });
        }

        services.AddOptions<JwtBearerOptions>(BearerSchemes.Hub).Configure<IssuerIdentity, IOptions<AuthOptions>, BearerEvents, IssuerKeys>((options, issuer, hubAuth, events, keys) =>
            Configure(options, BearerSchemes.Hub, issuer.Issuer, [SecurityAlgorithms.EcdsaSha256], hubAuth.Value, events, keys, TokenIssuer.AccessTokenType));
        for (var index = 0; index < auth.ExternalIssuers.Count; index++)
        {
            var scheme = BearerSchemes.External(index);
            var external = auth.ExternalIssuers[index];
            services.AddOptions<JwtBearerOptions>(scheme).Configure<IOptions<AuthOptions>, BearerEvents, IssuerKeys>((options, hubAuth, events, keys) =>
                Configure(options, scheme, external.Issuer, external.Algorithms, hubAuth.Value, events, keys, tokenType: null));
        }
    }

    private static void Configure(
        JwtBearerOptions options, string scheme, string issuer, IEnumerable<string> algorithms, AuthOptions auth, BearerEvents events, IssuerKeys keys, string? tokenType)
    {
        // Claims keep their JWT names (sub, scope, agency_id), not the WS-Federation URIs.
        options.MapInboundClaims = false;
        options.Events = events;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = auth.Audience,
            ValidAlgorithms = [.. algorithms],
            ValidTypes = tokenType is null ? null : [tokenType],
            ClockSkew = auth.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            NameClaimType = JwtRegisteredClaimNames.Sub,
            // The keys are at hand: BearerEvents fetched any the token names before validation starts.
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.Resolve(scheme, kid),
        };
    }

    /// <summary>The scheme of the token's issuer: a token seen before by its cached issuer, a new one by its unverified iss; the hub's own otherwise.</summary>
    private static string SchemeOf(HttpContext context)
    {
        if (BearerEvents.BearerToken(context.Request) is not { } token)
        {
            return BearerSchemes.Hub;
        }

        var validated = context.RequestServices.GetRequiredService<ValidatedTokens>();
        var issuer = validated.TryGet(token, out var known) ? known!.Issuer : BearerEvents.Peek(token)?.Issuer;
        var auth = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        var index = auth.ExternalIssuers.FindIndex(external => external.Issuer == issuer);
        return index < 0 ? BearerSchemes.Hub : BearerSchemes.External(index);
    }

    public static IEndpointRouteBuilder MapHubTokenService(this IEndpointRouteBuilder endpoints)
    {
        var tokenEndpoint = endpoints.ServiceProvider.GetRequiredService<TokenEndpoint>();
        endpoints.MapPost("/connect/token", AnsweringOutages(tokenEndpoint.HandleAsync));
        endpoints.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.OpenIdConfigurationAsync);
        endpoints.MapGet("/.well-known/jwks.json", AnsweringOutages(DiscoveryEndpoints.JwksAsync));
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
