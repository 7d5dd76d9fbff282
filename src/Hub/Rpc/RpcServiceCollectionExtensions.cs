using Hub.Protocol;

namespace Hub.Rpc;

internal static class RpcServiceCollectionExtensions
{
    /// <summary>What every call passes through besides authentication: the request text check and the answers for storage failures.</summary>
    public static IServiceCollection AddHubCallGuards(this IServiceCollection services) => services
        .AddSingleton<IServerCallInterceptor, RequestTextInterceptor>()
        .AddSingleton<IServerCallInterceptor, StorageFailureInterceptor>();
}
