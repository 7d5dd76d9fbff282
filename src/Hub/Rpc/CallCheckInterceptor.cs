using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Hub.Rpc;

/// <summary>
/// A check each call passes before its handler runs, whatever the call's kind. Unary and
/// server-streaming calls are checked with their request; streamed requests (no hub.v1 RPC has them)
/// with none.
/// </summary>
internal abstract class CallCheckInterceptor : Interceptor
{
    /// <summary>Throws <see cref="RpcException"/> to refuse the call.</summary>
    protected abstract ValueTask CheckAsync(ServerCallContext context, object? request);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(context, request);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(context, request);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(context, null);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await CheckAsync(context, null);
        await continuation(requestStream, responseStream, context);
    }
}
