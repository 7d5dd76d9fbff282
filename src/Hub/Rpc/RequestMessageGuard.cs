using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Hub.Rpc;

/// <summary>
/// Guards the one request message of a unary or server-streaming call (client-streaming requests,
/// which may rightly trickle, are left alone):
/// <list type="bullet">
/// <item>A per-call limit on how long it may take to arrive, in place of Kestrel's minimum request
/// body data rate: in HTTP/2 Kestrel enforces that rate by aborting the whole connection, so one
/// stalled stream would kill every healthy call sharing it. Here a call whose request has not arrived
/// whole in time ends alone, DEADLINE_EXCEEDED with REQUEST_MESSAGE_TIMEOUT.</item>
/// <item>A client that goes away mid-request ends the call CANCELLED.</item>
/// <item>Its frame header: a compressed flag other than 0 or 1 is INTERNAL and a length of 2 GiB or
/// more RESOURCE_EXHAUSTED, as the gRPC protocol has them. grpc-dotnet would take either for a
/// failure of the handler: UNKNOWN, and an error in the log for every such request.</item>
/// </list>
/// </summary>
internal sealed class RequestMessageGuard(RequestDelegate next, TimeSpan timeout)
{
    public const string Reason = "REQUEST_MESSAGE_TIMEOUT";

    private const int FrameHeaderLength = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.Type is not (MethodType.Unary or MethodType.ServerStreaming)
            || context.Features.Get<IRequestBodyPipeFeature>() is not { } body)
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        await using var timed = new GuardedRequestBody(body.Reader, timeout);
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

    /// <summary>The request body, refusing a malformed frame header and refusing to wait past the deadline for the rest of it.</summary>
    private sealed class GuardedRequestBody : PipeReader, IRequestBodyPipeFeature, IAsyncDisposable
    {
        private readonly PipeReader _inner;
        private readonly TimeSpan _timeout;
        private readonly long _started = TimeProvider.System.GetTimestamp();
        private ITimer? _timer;
        private volatile bool _timedOut;
        private bool _headerChecked;
        private bool _complete;

        public GuardedRequestBody(PipeReader inner, TimeSpan timeout)
        {
            _inner = inner;
            _timeout = timeout;
        }

        public PipeReader Reader => this;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            // Most requests are whole by the time the handler reads them; only a read that has to wait
            // needs the timer, so a call pays for one only when its request is slow to arrive.
            if (TryRead(out var ready))
            {
                return ready;
            }

            StartTimer();
            ReadResult result;
            try
            {
                result = await _inner.ReadAsync(ThrowIfTimedOut(cancellationToken));
            }
            catch (IOException exception)
            {
                throw ClientWentAway(exception);
            }

            return Checked(result);
        }

        public override bool TryRead(out ReadResult result)
        {
            ThrowIfTimedOut(default);
            try
            {
                if (!_inner.TryRead(out result))
                {
                    return false;
                }
            }
            catch (IOException exception)
            {
                throw ClientWentAway(exception);
            }

            result = Checked(result);
            return true;
        }

        // Kestrel reports a connection that went away on AdvanceTo as well as on reads.
        public override void AdvanceTo(SequencePosition consumed)
        {
            try
            {
                _inner.AdvanceTo(consumed);
            }
            catch (IOException exception)
            {
                throw ClientWentAway(exception);
            }
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            try
            {
                _inner.AdvanceTo(consumed, examined);
            }
            catch (IOException exception)
            {
                throw ClientWentAway(exception);
            }
        }

        public override void CancelPendingRead() => _inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => _inner.Complete(exception);

        public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;

        /// <summary>Counts the time since the call began, not since the first wait.</summary>
        private void StartTimer()
        {
            if (_timer is not null || _complete)
            {
                return;
            }

            var left = _timeout - TimeProvider.System.GetElapsedTime(_started);
            _timer = TimeProvider.System.CreateTimer(static state => ((GuardedRequestBody)state!).TimeOut(), this, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        private void TimeOut()
        {
            _timedOut = true;
            _inner.CancelPendingRead();
        }

        private ReadResult Checked(ReadResult result)
        {
            if (!_headerChecked && result.Buffer.Length >= FrameHeaderLength)
            {
                CheckFrameHeader(result.Buffer.Slice(0, FrameHeaderLength));
                _headerChecked = true;
            }

            if (result.IsCompleted)
            {
                // The whole request is in: nothing left to wait for.
                _complete = true;
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else if (_timedOut || (!_complete && TimeProvider.System.GetElapsedTime(_started) >= _timeout))
            {
                throw Refused();
            }

            return result;
        }

        /// <summary>
        /// The client reset the stream or dropped the connection mid-request. grpc-dotnet would take
        /// the failed read for a failure of the handler whenever it sees it before the call's
        /// cancellation, and log an error for a client that merely went away.
        /// </summary>
        private static RpcException ClientWentAway(IOException exception) =>
            new(new Status(StatusCode.Cancelled, "The client went away before its request arrived.", exception));

        private static void CheckFrameHeader(ReadOnlySequence<byte> header)
        {
            Span<byte> bytes = stackalloc byte[FrameHeaderLength];
            header.CopyTo(bytes);
            if (bytes[0] > 1)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The request message's compressed flag is neither 0 nor 1."));
            }

            if (BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]) > int.MaxValue)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."));
            }
        }

        private CancellationToken ThrowIfTimedOut(CancellationToken cancellationToken) =>
            _timedOut ? throw Refused() : cancellationToken;

        private RpcException Refused() =>
            Errors.Create(StatusCode.DeadlineExceeded, $"The request message did not arrive within {_timeout.TotalSeconds:F0} s.", Reason);
    }
}
