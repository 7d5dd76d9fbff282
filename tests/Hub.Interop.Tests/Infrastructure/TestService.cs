using Google.Protobuf;
using Grpc.Testing;
using Hub.Protocol;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>
/// grpc.testing.TestService on Hub.Protocol, with the behaviour the gRPC interop cases expect:
/// sized payloads, echoed status and metadata, compression on request, and a sleep on request.
/// Every RPC of a mapped service must have a handler, so UnimplementedCall answers UNIMPLEMENTED
/// itself; the protocol's own answer for unknown methods is tested with a method no proto declares.
/// </summary>
internal sealed class TestService : IGrpcService
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    public const string SleepKey = "x-interop-sleep-ms";

    public ServiceDescriptor Descriptor => TestReflection.Descriptor.Services.Single(service => service.Name == "TestService");

    public void Bind(ServiceBinder binder) => binder
        .Unary<Empty, Empty>("EmptyCall", EmptyCallAsync)
        .Unary<SimpleRequest, SimpleResponse>("UnaryCall", UnaryCallAsync)
        .ServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", StreamingOutputCallAsync)
        .Unary<Empty, Empty>("UnimplementedCall", (_, _) => throw new RpcException(new Status(StatusCode.Unimplemented, "UnimplementedCall is not implemented.")));

    private static async Task<Empty> EmptyCallAsync(Empty request, ServerCallContext context)
    {
        await EchoMetadataAndSleepAsync(context);
        return new Empty();
    }

    private static async Task<SimpleResponse> UnaryCallAsync(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAndSleepAsync(context);
        if (request.ExpectCompressed is { } expect && expect != context.RequestCompressed)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Expected a {(expect ? "compressed" : "plain")} request message."));
        }

        if (request.ResponseCompressed is { } compress)
        {
            context.CompressResponses = compress;
        }

        ThrowIfStatusRequested(request.ResponseStatus);
        return new SimpleResponse { Payload = Payload(request.ResponseSize) };
    }

    private static async Task StreamingOutputCallAsync(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responses, ServerCallContext context)
    {
        await EchoMetadataAndSleepAsync(context);
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            await responses.WriteAsync(new StreamingOutputCallResponse { Payload = Payload(parameters.Size) });
        }

        ThrowIfStatusRequested(request.ResponseStatus);
    }

    private static async Task EchoMetadataAndSleepAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(EchoInitialKey, initial));
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
