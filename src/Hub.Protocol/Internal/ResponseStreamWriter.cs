using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>The response stream of a server-streaming or bidirectional call: each message is flushed as written.</summary>
internal sealed class ResponseStreamWriter<T>(ServerCallContext context) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    public Task WriteAsync(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return context.WriteMessageAsync(message, flush: true).AsTask();
    }
}
