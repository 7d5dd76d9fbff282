using Google.Protobuf;
using Grpc.Core;

namespace Hub.Rpc;

/// <summary>Refuses, as INVALID_FIELD, a request holding text the database can't store, before any handler sees it.</summary>
internal sealed class RequestTextInterceptor : CallCheckInterceptor
{
    protected override ValueTask CheckAsync(ServerCallContext context, object? request)
    {
        if (request is IMessage message)
        {
            RequestText.Check(message);
        }

        return ValueTask.CompletedTask;
    }
}
