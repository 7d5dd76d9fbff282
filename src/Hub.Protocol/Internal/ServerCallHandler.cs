using Google.Protobuf;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Protocol.Internal;

/// <summary>
/// Runs one RPC over one HTTP/2 request: checks the request is gRPC, sets up deadline and
/// compression, runs the handler, and turns its outcome (or failure) into a gRPC status.
/// </summary>
internal abstract class ServerCallHandler<TRequest>(ServerMethodContext method)
    where TRequest : IMessage<TRequest>, new()
{
    // The generated parser of TRequest (ServiceBinder checked the descriptor's CLR type): it creates
    // messages directly, where new() in shared generic code would go through Activator.
    private readonly MessageParser<TRequest> _parser = (MessageParser<TRequest>)method.Descriptor.InputType.Parser;
    private readonly GrpcServerOptions _options = method.Options;
    private readonly ILogger _logger = method.Logger;

    protected string MethodPath { get; } = method.Path;

    public Task HandleCallAsync(HttpContext httpContext)
    {
        if (!ServerRequestValidation.IsAcceptable(httpContext, _logger)
            || !TryStartCall(httpContext, out var context, out var deadlineSource))
        {
            return Task.CompletedTask;
        }

        try
        {
            var call = RunAsync(context);
            if (call.IsCompletedSuccessfully)
            {
                // Most unary calls get here: nothing they did had to wait, so they end without an
                // async state machine.
                deadlineSource?.Dispose();
                context.Complete(Status.Ok);
                return Task.CompletedTask;
            }

            return AwaitCallAsync(call, context, deadlineSource);
        }
        catch (Exception exception)
        {
            deadlineSource?.Dispose();
            EndWithFailure(context, exception);
            return Task.CompletedTask;
        }
    }

    /// <summary>The handler's work, which may complete synchronously; failures may be thrown rather than returned.</summary>
    protected abstract Task HandleCoreAsync(ServerCallContext context);

    private async Task AwaitCallAsync(Task call, ServerCallContext context, CancellationTokenSource? deadlineSource)
    {
        try
        {
            if (deadlineSource is not null && !call.IsCompleted && await DeadlineWinsAsync(call, deadlineSource, context))
            {
                return;
            }

            await call;
            context.Complete(Status.Ok);
        }
        catch (Exception exception)
        {
            EndWithFailure(context, exception);
        }
        finally
        {
            deadlineSource?.Dispose();
        }
    }

    private Task RunAsync(ServerCallContext context) =>
        method.Interceptors.Count == 0 ? HandleCoreAsync(context) : InterceptThenHandleAsync(context);

    /// <summary>Runs the interceptors, awaiting only those that did not complete at once.</summary>
    private Task InterceptThenHandleAsync(ServerCallContext context)
    {
        var interceptors = method.Interceptors;
        for (var i = 0; i < interceptors.Count; i++)
        {
            var starting = interceptors[i].OnCallStartingAsync(context, method.Descriptor);
            if (!starting.IsCompletedSuccessfully)
            {
                return InterceptThenHandleAfterAsync(starting, i + 1, context);
            }

            // Consumes the result, as awaiting would (a pooled ValueTask source is released here).
            starting.GetAwaiter().GetResult();
        }

        return HandleCoreAsync(context);
    }

    private async Task InterceptThenHandleAfterAsync(ValueTask pending, int next, ServerCallContext context)
    {
        await pending;
        var interceptors = method.Interceptors;
        for (var i = next; i < interceptors.Count; i++)
        {
            await interceptors[i].OnCallStartingAsync(context, method.Descriptor);
        }

        await HandleCoreAsync(context);
    }

    protected MessageReader<TRequest> CreateRequestReader(ServerCallContext context) =>
        new(context.HttpContext.Request.BodyReader, _parser, _options.MaxReceiveMessageSize, context.RequestEncodingIsGzip);

    /// <summary>Reads the one request message of a unary or server-streaming call.</summary>
    protected ValueTask<TRequest> ReadSingleRequestAsync(ServerCallContext context)
    {
        var reader = CreateRequestReader(context);
        var reading = reader.ReadSingleAsync(context.DeadlineToken);
        if (!reading.IsCompletedSuccessfully)
        {
            return ReadSingleRequestAfterAsync(reading, reader, context);
        }

        context.RequestCompressed = reader.LastMessageCompressed;
        OnRequestReceived(context, reading.Result);
        return reading;
    }

    /// <summary>Hands a request message to every interceptor before the handler sees it.</summary>
    protected void OnRequestReceived(ServerCallContext context, TRequest request)
    {
        var interceptors = method.Interceptors;
        for (var i = 0; i < interceptors.Count; i++)
        {
            interceptors[i].OnRequestReceived(context, request);
        }
    }

    private async ValueTask<TRequest> ReadSingleRequestAfterAsync(ValueTask<TRequest> reading, MessageReader<TRequest> reader, ServerCallContext context)
    {
        var request = await reading;
        context.RequestCompressed = reader.LastMessageCompressed;
        OnRequestReceived(context, request);
        return request;
    }

    private bool TryStartCall(HttpContext httpContext, out ServerCallContext context, out CancellationTokenSource? deadlineSource)
    {
        var headers = httpContext.Request.Headers;
        deadlineSource = null;
        var deadline = DateTime.MaxValue;
        var deadlineToken = CancellationToken.None;
        // The typed properties read Kestrel's fields for these known headers, without comparing names.
        var timeoutHeader = headers.GrpcTimeout;
        var badTimeout = false;
        if (timeoutHeader.Count > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                // Eight digits of hours reach beyond DateTime and the longest timer: such a deadline
                // stands for "no deadline a call could reach" and needs no timer.
                var now = DateTime.UtcNow;
                deadline = timeout < DateTime.MaxValue - now ? now + timeout : DateTime.MaxValue;
                if (timeout <= GrpcTimeout.MaxTimer)
                {
                    deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
                    deadlineSource.CancelAfter(timeout);
                    deadlineToken = deadlineSource.Token;
                }
            }
            else
            {
                badTimeout = true;
            }
        }

        var encoding = headers.GrpcEncoding.ToString();
        var acceptEncoding = headers.GrpcAcceptEncoding.ToString();
        context = new ServerCallContext(
            httpContext,
            MethodPath,
            deadline,
            deadlineToken,
            _options,
            peerAcceptsGzip: acceptEncoding.Contains(GrpcProtocolConstants.GzipEncoding, StringComparison.OrdinalIgnoreCase))
        {
            RequestEncodingIsGzip = encoding.Equals(GrpcProtocolConstants.GzipEncoding, StringComparison.OrdinalIgnoreCase),
        };

        if (badTimeout)
        {
            EndWithFailure(context, new RpcException(new Status(StatusCode.Internal, $"Invalid grpc-timeout header '{timeoutHeader}'.")));
            return false;
        }

        if (encoding.Length > 0
            && !context.RequestEncodingIsGzip
            && !encoding.Equals(GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            httpContext.Response.Headers.GrpcAcceptEncoding = GrpcProtocolConstants.SupportedEncodings;
            EndWithFailure(context, new RpcException(new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcProtocolConstants.SupportedEncodings}")));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Waits for the handler or the deadline. When the deadline comes first the caller gets
    /// DEADLINE_EXCEEDED at once; the handler, its token cancelled, is still awaited so it never
    /// touches a recycled request.
    /// </summary>
    private async Task<bool> DeadlineWinsAsync(Task call, CancellationTokenSource deadlineSource, ServerCallContext context)
    {
        var deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = deadlineSource.Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), deadlineReached);
        if (await Task.WhenAny(call, deadlineReached.Task) == call || context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        Log.DeadlineExceeded(_logger, MethodPath);
        await context.CompleteDeadlineExceededAsync();
        try
        {
            await call;
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or RpcException)
        {
            // The caller already has its DEADLINE_EXCEEDED; what the handler did after that is moot.
        }

        return true;
    }

    private RpcException? Translate(ServerCallContext context, Exception exception)
    {
        foreach (var interceptor in method.Interceptors)
        {
            if (interceptor.TranslateException(context, exception) is { } translated)
            {
                return translated;
            }
        }

        return null;
    }

    private void EndWithFailure(ServerCallContext context, Exception exception)
    {
        var httpContext = context.HttpContext;
        // A client that goes away mid-request shows up as an aborted body read before the token says so.
        if (httpContext.RequestAborted.IsCancellationRequested || exception is IOException or ConnectionAbortedException)
        {
            Log.CallCancelled(_logger, MethodPath);
            return;
        }

        Status status;
        switch (exception)
        {
            case RpcException rpc:
                status = rpc.Status;
                context.ResponseTrailers.AddRange(rpc.Trailers);

                Log.CallFailed(_logger, MethodPath, status.Code, status.Detail);
                break;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
                Log.DeadlineExceeded(_logger, MethodPath);
                break;
            case var _ when Translate(context, exception) is { } translated:
                status = translated.Status;
                context.ResponseTrailers.AddRange(translated.Trailers);
                Log.CallFailed(_logger, MethodPath, status.Code, status.Detail);
                break;
            default:
                // The exception text stays in the log: it may hold anything, including personal data.
                Log.HandlerFailed(_logger, MethodPath, exception);
                status = new Status(StatusCode.Unknown, "Exception was thrown by handler.");
                break;
        }

        context.Complete(status);
    }
}
