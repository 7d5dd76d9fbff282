using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Hub.Rpc;
using Microsoft.AspNetCore.Http.Features;

namespace Hub.Tests.Rpc;

/// <summary>
/// A client that goes away mid-request ends its call CANCELLED, whichever of the body reader's calls
/// notices: Kestrel throws the IOException from AdvanceTo as well as from a read, and grpc-dotnet
/// would take an IOException for a failure of the handler and log it as an error.
/// </summary>
public sealed class RequestMessageGuardTests
{
    [Theory]
    [InlineData("read")]
    [InlineData("advance")]
    [InlineData("advance-examined")]
    public async Task A_connection_gone_under_the_body_reader_ends_the_call_cancelled(string failing)
    {
        var body = new FailingReader(failing);
        var context = new DefaultHttpContext();
        context.Features.Set<IRequestBodyPipeFeature>(new BodyFeature(body));
        var method = new Method<byte[], byte[]>(MethodType.Unary, "hub.test.Svc", "Call", Marshallers.Create(bytes => bytes, bytes => bytes), Marshallers.Create(bytes => bytes, bytes => bytes));
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new GrpcMethodMetadata(typeof(object), method)), "test"));
        var guard = new RequestMessageGuard(async http =>
        {
            var reader = http.Features.Get<IRequestBodyPipeFeature>()!.Reader;
            var result = await reader.ReadAsync();
            if (failing == "advance-examined")
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
            else
            {
                reader.AdvanceTo(result.Buffer.End);
            }
        }, TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<RpcException>(() => guard.InvokeAsync(context));

        Assert.Equal(StatusCode.Cancelled, failure.StatusCode);
        Assert.IsType<IOException>(failure.Status.DebugException);
    }

    private sealed class BodyFeature(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }

    /// <summary>A request body of one whole frame whose connection fails at the named call.</summary>
    private sealed class FailingReader(string failing) : PipeReader
    {
        private static readonly IOException Gone = new("The request stream was aborted.");

        public override bool TryRead(out ReadResult result)
        {
            if (failing == "read")
            {
                throw Gone;
            }

            result = new ReadResult(new System.Buffers.ReadOnlySequence<byte>(new byte[5]), isCanceled: false, isCompleted: true);
            return true;
        }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            TryRead(out var result) ? ValueTask.FromResult(result) : throw Gone;

        public override void AdvanceTo(SequencePosition consumed) => throw Gone;

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => throw Gone;

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
