using Grpc.Health.V1;
using Hub.Protocol.Health;
using Hub.Protocol.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Protocol;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every RPC of <typeparamref name="TService"/> (a singleton from DI) to its route
    /// <c>/package.Service/Method</c>. Throws at startup if any RPC of the service has no handler.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class, IGrpcService
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var registry = services.GetRequiredService<GrpcServiceRegistry>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.Protocol.Server");
        var implementation = services.GetRequiredService<TService>();

        var binder = new ServiceBinder(
            implementation.Descriptor,
            services.GetRequiredService<IOptions<GrpcServerOptions>>().Value,
            services.GetServices<IServerCallInterceptor>().ToArray(),
            logger);
        implementation.Bind(binder);
        var methods = binder.Build();
        registry.Add(implementation.Descriptor);

        // A mapped service serves until its host says otherwise (for example while its database is down).
        var health = services.GetRequiredService<HealthStatusStore>();
        health.AddIfMissing(HealthStatusStore.WholeServer, HealthCheckResponse.Types.ServingStatus.Serving);
        health.AddIfMissing(implementation.Descriptor.FullName, HealthCheckResponse.Types.ServingStatus.Serving);

        var conventions = new List<IEndpointConventionBuilder>();
        foreach (var (method, path, handler) in methods)
        {
            conventions.Add(endpoints.Map(path, handler)
                .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]), method)
                .WithDisplayName($"gRPC {path}"));
        }

        return new CompositeConventionBuilder(conventions);
    }

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }
    }
}
