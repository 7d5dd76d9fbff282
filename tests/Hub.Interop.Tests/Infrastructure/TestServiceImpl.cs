using Google.Protobuf;
using Grpc.Core;
using Grpc.Testing;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>
/// grpc.testing.TestService with the behaviour the gRPC interop cases expect: sized payloads, echoed
/// status and metadata, compression on request, and a sleep on request. UnimplementedCall is left to
/// the generated base, which answers UNIMPLEMENTED.
/// </summary>
internal sealed class TestServiceImpl : TestService.TestServiceBase
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    public const string SleepKey = "x-interop-sleep-ms";

    /// <summary>The response header by which a grpc-dotnet handler asks for its response to be compressed.</summary>
    private const string CompressionRequestHeader = "grpc-internal-encoding-request";

    public override async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        await EchoMetadataAndSleepAsync(context, compressResponse: false);
        return new Empty();
    }

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAndSleepAsync(context, request.ResponseCompressed ?? false);
        // RequestHeaders leaves out the grpc-* headers.
        string? encoding = context.GetHttpContext().Request.Headers["grpc-encoding"];
        var compressed = encoding is not (null or "identity");
        if (request.ExpectCompressed is { } expect && expect != compressed)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Expected a {(expect ? "compressed" : "plain")} request message."));
        }

        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = Payload(request.ResponseSize) };
    }

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAndSleepAsync(context, compressResponse: false);
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Payload(parameters.Size) });
        }

        ThrowIfStatusRequested(request.ResponseStatus);
    }

    private static async Task EchoMetadataAndSleepAsync(ServerCallContext context, bool compressResponse)
    {
        var headers = new Metadata();
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            headers.Add(EchoInitialKey, initial);
        }

        if (compressResponse)
        {
            headers.Add(CompressionRequestHeader, "gzip");
        }

        if (headers.Count > 0)
        {
            await context.WriteResponseHeadersAsync(headers);
        }

        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }

        if (context.RequestHeaders.GetValue(SleepKey) is { } sleep)
        {
            await Task.Delay(int.Parse(sleep, System.Globalization.CultureInfo.InvariantCulture), context.CancellationToken);
        }
    }

    private static void ThrowIfStatusRequested(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload Payload(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
