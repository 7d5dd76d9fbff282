using Google.Protobuf.Reflection;

namespace Hub.Protocol;

/// <summary>
/// Runs before every call's handler, before the request message is read: the place for
/// authentication and authorization. Throw <see cref="RpcException"/> to refuse the call.
/// Registered in DI; each runs in registration order.
/// </summary>
public interface IServerCallInterceptor
{
    ValueTask OnCallStartingAsync(ServerCallContext context, MethodDescriptor method);
}
