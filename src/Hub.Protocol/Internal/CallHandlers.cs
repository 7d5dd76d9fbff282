using Google.Protobuf;

namespace Hub.Protocol.Internal;

internal sealed class UnaryCallHandler<TRequest, TResponse>(
    UnaryServerMethod<TRequest, TResponse> method, ServerMethodContext context)
    : ServerCallHandler<TRequest>(context)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    protected override async Task HandleCoreAsync(ServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(context);
        var response = await method(request, context);
        // Unary replies are not flushed: Kestrel sends the message and the trailers together.
        await context.WriteMessageAsync(response, flush: false);
    }
}

internal sealed class ServerStreamingCallHandler<TRequest, TResponse>(
    ServerStreamingServerMethod<TRequest, TResponse> method, ServerMethodContext context)
    : ServerCallHandler<TRequest>(context)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    protected override async Task HandleCoreAsync(ServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(context);
        await method(request, new ResponseStreamWriter<TResponse>(context), context);
    }
}

internal sealed class ClientStreamingCallHandler<TRequest, TResponse>(
    ClientStreamingServerMethod<TRequest, TResponse> method, ServerMethodContext context)
    : ServerCallHandler<TRequest>(context)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    protected override async Task HandleCoreAsync(ServerCallContext context)
    {
        var response = await method(new RequestStreamReader<TRequest>(CreateRequestReader(context), context), context);
        await context.WriteMessageAsync(response, flush: false);
    }
}

internal sealed class DuplexStreamingCallHandler<TRequest, TResponse>(
    DuplexStreamingServerMethod<TRequest, TResponse> method, ServerMethodContext context)
    : ServerCallHandler<TRequest>(context)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    protected override Task HandleCoreAsync(ServerCallContext context) =>
        method(new RequestStreamReader<TRequest>(CreateRequestReader(context), context), new ResponseStreamWriter<TResponse>(context), context);
}
