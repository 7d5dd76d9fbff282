using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hub.Protocol;

/// <summary>
/// Cross-cutting work around every call, registered in DI and run in registration order:
/// authentication before the request is read, checks of each request message before the handler
/// sees it, and the status a failure the handler did not expect becomes.
/// </summary>
public interface IServerCallInterceptor
{
    /// <summary>Before the request message is read. Throw <see cref="RpcException"/> to refuse the call.</summary>
    ValueTask OnCallStartingAsync(ServerCallContext context, MethodDescriptor method);

    /// <summary>With each request message, before the handler sees it. Throw <see cref="RpcException"/> to refuse the call.</summary>
    void OnRequestReceived(ServerCallContext context, IMessage request)
    {
    }

    /// <summary>
    /// The status for an exception the call failed with that is not an <see cref="RpcException"/>, or
    /// null to leave it to the next interceptor (and, failing all, UNKNOWN).
    /// </summary>
    RpcException? TranslateException(ServerCallContext context, Exception exception) => null;
}
