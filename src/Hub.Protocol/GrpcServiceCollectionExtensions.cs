using Hub.Protocol.Health;
using Hub.Protocol.Internal;
using Hub.Protocol.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Protocol;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>The gRPC server and its standard services: health and reflection (v1 and v1alpha).</summary>
    public static IServiceCollection AddGrpcProtocol(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, UnimplementedCallHandler>());
        services.TryAddSingleton<HealthStatusStore>();
        services.TryAddSingleton<HealthService>();
        services.TryAddSingleton(provider => new ReflectionIndex(provider.GetRequiredService<GrpcServiceRegistry>()));
        services.TryAddSingleton(provider => new ReflectionService(provider.GetRequiredService<ReflectionIndex>()));
        services.TryAddSingleton(provider => new ReflectionServiceV1Alpha(provider.GetRequiredService<ReflectionService>()));
        return services;
    }
}
