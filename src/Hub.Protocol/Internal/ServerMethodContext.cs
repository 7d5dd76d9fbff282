using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace Hub.Protocol.Internal;

/// <summary>What every call of one RPC shares: its descriptor and route, the server options, interceptors and logger.</summary>
internal sealed record ServerMethodContext(
    MethodDescriptor Descriptor,
    GrpcServerOptions Options,
    IReadOnlyList<IServerCallInterceptor> Interceptors,
    ILogger Logger)
{
    public string Path { get; } = $"/{Descriptor.Service.FullName}/{Descriptor.Name}";
}
