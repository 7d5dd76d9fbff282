using Hub.Client.Internal;
using Hub.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hub.Client;

/// <summary>Where a partner's ASP.NET Core app finds the hub, and who it is there.</summary>
public sealed class HubClientOptions
{
    /// <summary>The hub's gRPC address, e.g. https://hub.example:5100.</summary>
    public Uri? Address { get; set; }

    /// <summary>The hub's token service, e.g. https://hub.example:5101/connect/token.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The partner system's client credentials.</summary>
    public HubClientCredentials? Credentials { get; set; }

    /// <summary>Space-separated scopes to ask for; null for all the client may have.</summary>
    public string? Scope { get; set; }
}

public static class HubClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers every typed client of the hub with Grpc.Net.ClientFactory, sharing one
    /// <see cref="AccessTokenSource"/>, so a partner's services take <c>ConsentService.ConsentServiceClient</c>
    /// and friends by injection.
    /// </summary>
    public static IServiceCollection AddHubClient(this IServiceCollection services, Action<HubClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<HubClientOptions>>().Value;
            var tokenEndpoint = options.TokenEndpoint ?? throw new InvalidOperationException("HubClientOptions.TokenEndpoint is not set.");
            var credentials = options.Credentials ?? throw new InvalidOperationException("HubClientOptions.Credentials is not set.");
            return new AccessTokenSource(new TokenClient(TokenHttp.Shared, tokenEndpoint, credentials), options.Scope);
        });
        Add<EchoService.EchoServiceClient>(services);
        Add<AgencyService.AgencyServiceClient>(services);
        Add<PersonService.PersonServiceClient>(services);
        Add<ConsentService.ConsentServiceClient>(services);
        Add<AuditService.AuditServiceClient>(services);
        Add<CaseService.CaseServiceClient>(services);
        Add<MeetingService.MeetingServiceClient>(services);
        Add<EventService.EventServiceClient>(services);
        return services;
    }

    private static void Add<TClient>(IServiceCollection services)
        where TClient : class => services
        .AddGrpcClient<TClient>((provider, client) =>
            client.Address = provider.GetRequiredService<IOptions<HubClientOptions>>().Value.Address
                ?? throw new InvalidOperationException("HubClientOptions.Address is not set."))
        .AddCallCredentials((context, metadata, provider) => provider.GetRequiredService<AccessTokenSource>().AddTokenAsync(context, metadata))
        .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
}
