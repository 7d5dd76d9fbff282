using System.IO.Pipelines;
using Google.Protobuf.Reflection;
using Hub.Protocol;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Hub.Rpc;

/// <summary>
/// A per-call limit on how long the request message may take to arrive, in place of Kestrel's
/// minimum request body data rate: in HTTP/2 Kestrel enforces that rate by aborting the whole
/// connection, so one stalled stream would kill every healthy call sharing it. Here a call whose
/// request has not arrived whole in time ends alone, DEADLINE_EXCEEDED with REQUEST_MESSAGE_TIMEOUT.
/// Client-streaming calls, whose requests may rightly trickle, are left alone.
/// </summary>
internal sealed class RequestMessageTimeout(RequestDelegate next, TimeSpan timeout)
{
    public const string Reason = "REQUEST_MESSAGE_TIMEOUT";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MethodDescriptor>() is not { IsClientStreaming: false }
            || context.Features.Get<IRequestBodyPipeFeature>() is not { } body)
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        await using var timed = new TimedRequestBody(body.Reader, timeout);
        context.Features.Set<IRequestBodyPipeFeature>(timed);
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
        }
    }

    /// <summary>The request body, refusing to wait past the deadline for the rest of it.</summary>
    private sealed class TimedRequestBody : PipeReader, IRequestBodyPipeFeature, IAsyncDisposable
    {
        private readonly PipeReader _inner;
        private readonly TimeSpan _timeout;
        private readonly ITimer _timer;
        private volatile bool _timedOut;

        public TimedRequestBody(PipeReader inner, TimeSpan timeout)
        {
            _inner = inner;
            _timeout = timeout;
            _timer = TimeProvider.System.CreateTimer(static state => ((TimedRequestBody)state!).TimeOut(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        public PipeReader Reader => this;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            Checked(await _inner.ReadAsync(ThrowIfTimedOut(cancellationToken)));

        public override bool TryRead(out ReadResult result)
        {
            ThrowIfTimedOut(default);
            if (!_inner.TryRead(out result))
            {
                return false;
            }

            result = Checked(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => _inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => _inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => _inner.Complete(exception);

        public ValueTask DisposeAsync() => _timer.DisposeAsync();

        private void TimeOut()
        {
            _timedOut = true;
            _inner.CancelPendingRead();
        }

        private ReadResult Checked(ReadResult result)
        {
            if (result.IsCompleted)
            {
                // The whole request is in: nothing left to wait for.
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else if (_timedOut)
            {
                throw Refused();
            }

            return result;
        }

        private CancellationToken ThrowIfTimedOut(CancellationToken cancellationToken) =>
            _timedOut ? throw Refused() : cancellationToken;

        private RpcException Refused() =>
            RpcException.WithErrorInfo(StatusCode.DeadlineExceeded, $"The request message did not arrive within {_timeout.TotalSeconds:F0} s.", Reason, Errors.Domain);
    }
}
