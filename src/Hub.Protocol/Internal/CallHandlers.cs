using Google.Protobuf;

namespace Hub.Protocol.Internal;

internal sealed class UnaryCallHandler<TRequest, TResponse>(
    UnaryServerMethod<TRequest, TResponse> method, ServerMethodContext context)
    : ServerCallHandler<TRequest>(context)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    protected override Task HandleCoreAsync(ServerCallContext context)
    {
        // Each step is awaited only if it did not complete at once (see ServerCallHandler.HandleCallAsync).
        var reading = ReadSingleRequestAsync(context);
        if (!reading.IsCompletedSuccessfully)
        {
            return HandleAfterReadAsync(reading, context);
        }

        var responding = method(reading.Result, context);
        return responding.IsCompletedSuccessfully ? WriteResponseAsync(responding.Result, context) : WriteResponseAfterAsync(responding, context);
    }

    private async Task HandleAfterReadAsync(ValueTask<TRequest> reading, ServerCallContext context) =>
        await WriteResponseAfterAsync(method(await reading, context), context);

    private static async Task WriteResponseAfterAsync(Task<TResponse> responding, ServerCallContext context) =>
        await WriteResponseAsync(await responding, context);

    // Unary replies are not flushed: Kestrel sends the message and the trailers together.
    private static Task WriteResponseAsync(TResponse response, ServerCallContext context) =>
        context.WriteMessageAsync(response, flush: false).AsTask();
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
        var response = await method(new RequestStreamReader<TRequest>(CreateRequestReader(context), context, request => OnRequestReceived(context, request)), context);
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
        method(new RequestStreamReader<TRequest>(CreateRequestReader(context), context, request => OnRequestReceived(context, request)), new ResponseStreamWriter<TResponse>(context), context);
}
