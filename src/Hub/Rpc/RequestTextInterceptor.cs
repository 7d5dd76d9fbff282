using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hub.Protocol;

namespace Hub.Rpc;

/// <summary>Refuses, as INVALID_FIELD, a request holding text the database can't store, before any handler sees it.</summary>
internal sealed class RequestTextInterceptor : IServerCallInterceptor
{
    public ValueTask OnCallStartingAsync(ServerCallContext context, MethodDescriptor method) => ValueTask.CompletedTask;

    public void OnRequestReceived(ServerCallContext context, IMessage request) => RequestText.Check(request);
}
