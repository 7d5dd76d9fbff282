using Grpc.Core;
using Grpc.Core.Interceptors;
using Hub.Storage;

namespace Hub.Rpc;

/// <summary>
/// The status a call ends with when its handler failed with something other than an
/// <see cref="RpcException"/>: UNAVAILABLE / DATABASE_UNAVAILABLE while the database can't be reached
/// (retrying is safe), ALREADY_EXISTS for a unique constraint, the client's own status for a call it
/// cancelled or let run past its deadline (logged at Debug), and UNKNOWN with no exception text for
/// anything else, logged once as an error. Outermost of the hub's interceptors, so it sees their
/// failures too.
/// </summary>
internal sealed class CallFailureInterceptor(ILogger<CallFailureInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(() => continuation(request, context), context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(() => continuation(request, responseStream, context), context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(() => continuation(requestStream, context), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(() => continuation(requestStream, responseStream, context), context);

    private async Task GuardedAsync(Func<Task> call, ServerCallContext context) =>
        await GuardedAsync(async () => { await call(); return true; }, context);

    private async Task<T> GuardedAsync<T>(Func<Task<T>> call, ServerCallContext context)
    {
        T response;
        try
        {
            response = await call();
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }

        // A call whose deadline passed or whose client went away while the handler ran has been
        // answered already: grpc-dotnet would try to write the response anyway, into a finished
        // stream, and log that as an error of the handler.
        return context.CancellationToken.IsCancellationRequested ? throw Abandoned(context) : response;
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        if (context.CancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            return Abandoned(context);
        }

        if (DatabaseFailure.IsUnavailable(exception))
        {
            return Errors.DatabaseUnavailable();
        }

        if (UniqueConstraints.TryAnswer(exception, out var reason, out var message))
        {
            return Errors.AlreadyExists(message, reason, new Dictionary<string, string>());
        }

        logger.CallFailed(context.Method, exception);
        return new RpcException(new Status(StatusCode.Unknown, "The hub failed to handle the call; the failure is in its log."));
    }

    private RpcException Abandoned(ServerCallContext context)
    {
        var expired = context.Deadline <= DateTime.UtcNow;
        logger.CallAbandoned(context.Method, expired ? "its deadline passed" : "the client cancelled it");
        return new RpcException(expired ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded") : Status.DefaultCancelled);
    }
}
