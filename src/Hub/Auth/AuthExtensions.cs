using Hub.Storage;

namespace Hub.Auth;

internal static class AuthExtensions
{
    /// <summary>About the database probe's interval: by then the hub knows whether it is back.</summary>
    private const string RetryAfterSeconds = "2";

    /// <summary>The token service, the access-token validation of every hub.v1 call, and the operator bootstrap.</summary>
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
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<CallerStatus>();
        services.AddHostedService<AdminBootstrap>();
        return services;
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
