using Hub.Protocol;

namespace Hub.Auth;

internal static class AuthExtensions
{
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
        services.AddSingleton<IServerCallInterceptor, AuthInterceptor>();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }

    public static IEndpointRouteBuilder MapHubTokenService(this IEndpointRouteBuilder endpoints)
    {
        var tokenEndpoint = endpoints.ServiceProvider.GetRequiredService<TokenEndpoint>();
        endpoints.MapPost("/connect/token", tokenEndpoint.HandleAsync);
        endpoints.MapGet("/.well-known/openid-configuration", DiscoveryEndpoints.OpenIdConfigurationAsync);
        endpoints.MapGet("/.well-known/jwks.json", DiscoveryEndpoints.JwksAsync);
        return endpoints;
    }
}
