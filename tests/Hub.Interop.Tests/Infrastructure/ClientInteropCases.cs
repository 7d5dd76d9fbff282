using System.Diagnostics;
using Google.Protobuf;
using Grpc.Testing;
using Hub.Protocol;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>The gRPC interop cases as our client runs them, against any TestService.</summary>
internal static class ClientInteropCases
{
    private const int LargeRequestSize = 271828;
    private const int LargeResponseSize = 314159;
    private static readonly int[] StreamingResponseSizes = [31415, 9, 2653, 58979];
    private static readonly byte[] TrailingValue = [0x0a, 0x0b, 0x0a, 0x0b, 0x0a, 0x0b];
    private const string SpecialStatusMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    private static readonly Method<Empty, Empty> EmptyCall = Method<Empty, Empty>.From(TestMethod("EmptyCall"));
    private static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = Method<SimpleRequest, SimpleResponse>.From(TestMethod("UnaryCall"));
    private static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        Method<StreamingOutputCallRequest, StreamingOutputCallResponse>.From(TestMethod("StreamingOutputCall"));

    public static readonly IReadOnlyDictionary<string, Func<GrpcChannel, Task>> Cases = new Dictionary<string, Func<GrpcChannel, Task>>
    {
        ["empty_unary"] = EmptyUnaryAsync,
        ["large_unary"] = LargeUnaryAsync,
        ["server_streaming"] = ServerStreamingAsync,
        ["status_code_and_message"] = StatusCodeAndMessageAsync,
        ["special_status_message"] = SpecialStatusMessageAsync,
        ["unimplemented_method"] = channel => ExpectUnimplementedAsync(channel, "grpc.testing.TestService", "UnimplementedCall"),
        ["unimplemented_service"] = channel => ExpectUnimplementedAsync(channel, "grpc.testing.UnimplementedService", "UnimplementedCall"),
        ["custom_metadata"] = CustomMetadataAsync,
        ["client_compressed_unary"] = ClientCompressedUnaryAsync,
        ["server_compressed_unary"] = ServerCompressedUnaryAsync,
        ["timeout_on_sleeping_server"] = TimeoutOnSleepingServerAsync,
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    private static CallOptions Bounded(Metadata? headers = null, bool compress = false) =>
        new(headers, DateTime.UtcNow.AddSeconds(10), CompressRequest: compress);

    private static async Task EmptyUnaryAsync(GrpcChannel channel) =>
        Assert.NotNull(await channel.UnaryCall(EmptyCall, new Empty(), Bounded()));

    private static async Task LargeUnaryAsync(GrpcChannel channel)
    {
        var response = await channel.UnaryCall(UnaryCall, LargeRequest(), Bounded());
        AssertZeroPayload(LargeResponseSize, response.Payload);
    }

    private static async Task ServerStreamingAsync(GrpcChannel channel)
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(StreamingResponseSizes.Select(size => new ResponseParameters { Size = size }));
        using var call = channel.ServerStreamingCall(StreamingOutputCall, request, Bounded());
        var sizes = new List<int>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            sizes.Add(call.ResponseStream.Current.Payload.Body.Length);
        }

        Assert.Equal(StreamingResponseSizes, sizes);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    private static async Task StatusCodeAndMessageAsync(GrpcChannel channel)
    {
        var status = new EchoStatus { Code = 2, Message = "test status message" };
        var unary = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(UnaryCall, new SimpleRequest { ResponseStatus = status }, Bounded()).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, unary.StatusCode);
        Assert.Equal("test status message", unary.Status.Detail);

        using var call = channel.ServerStreamingCall(StreamingOutputCall, new StreamingOutputCallRequest { ResponseStatus = status }, Bounded());
        var streaming = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unknown, streaming.StatusCode);
        Assert.Equal("test status message", streaming.Status.Detail);
    }

    private static async Task SpecialStatusMessageAsync(GrpcChannel channel)
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = SpecialStatusMessage } };
        var failure = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(UnaryCall, request, Bounded()).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, failure.StatusCode);
        Assert.Equal(SpecialStatusMessage, failure.Status.Detail);
    }

    private static async Task ExpectUnimplementedAsync(GrpcChannel channel, string service, string method)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryCall(new Method<Empty, Empty>(service, method), new Empty(), Bounded()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, failure.StatusCode);
    }

    private static async Task CustomMetadataAsync(GrpcChannel channel)
    {
        var headers = new Metadata()
            .Add(TestService.EchoInitialKey, "test_initial_metadata_value")
            .Add(TestService.EchoTrailingKey, TrailingValue);

        using var unary = channel.UnaryCall(UnaryCall, LargeRequest(), Bounded(headers));
        AssertZeroPayload(LargeResponseSize, (await unary).Payload);
        Assert.Equal("test_initial_metadata_value", (await unary.ResponseHeadersAsync).GetValue(TestService.EchoInitialKey));
        Assert.Equal(TrailingValue, unary.GetTrailers().GetValueBytes(TestService.EchoTrailingKey));

        var request = new StreamingOutputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[LargeRequestSize]) } };
        request.ResponseParameters.Add(new ResponseParameters { Size = LargeResponseSize });
        using var streaming = channel.ServerStreamingCall(StreamingOutputCall, request, Bounded(headers));
        Assert.True(await streaming.ResponseStream.MoveNext(CancellationToken.None));
        AssertZeroPayload(LargeResponseSize, streaming.ResponseStream.Current.Payload);
        Assert.False(await streaming.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("test_initial_metadata_value", (await streaming.ResponseHeadersAsync).GetValue(TestService.EchoInitialKey));
        Assert.Equal(TrailingValue, streaming.GetTrailers().GetValueBytes(TestService.EchoTrailingKey));
    }

    private static async Task ClientCompressedUnaryAsync(GrpcChannel channel)
    {
        var compressed = LargeRequest();
        compressed.ExpectCompressed = true;
        AssertZeroPayload(LargeResponseSize, (await channel.UnaryCall(UnaryCall, compressed, Bounded(compress: true))).Payload);

        var plain = LargeRequest();
        plain.ExpectCompressed = false;
        AssertZeroPayload(LargeResponseSize, (await channel.UnaryCall(UnaryCall, plain, Bounded())).Payload);
    }

    private static async Task ServerCompressedUnaryAsync(GrpcChannel channel)
    {
        foreach (var compress in new[] { true, false })
        {
            var request = LargeRequest();
            request.ResponseCompressed = compress;
            using var call = channel.UnaryCall(UnaryCall, request, Bounded());
            AssertZeroPayload(LargeResponseSize, (await call).Payload);
        }
    }

    private static async Task TimeoutOnSleepingServerAsync(GrpcChannel channel)
    {
        var headers = new Metadata().Add(TestService.SleepKey, "10000");
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryCall(UnaryCall, new SimpleRequest(), new CallOptions(headers, DateTime.UtcNow.AddMilliseconds(200))).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        // Not a timing assertion on speed: proof the call ended at its deadline rather than after the 10 s sleep.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"The call took {clock.Elapsed}, so the deadline did not end it.");
    }

    private static SimpleRequest LargeRequest() => new()
    {
        ResponseSize = LargeResponseSize,
        Payload = new Payload { Body = ByteString.CopyFrom(new byte[LargeRequestSize]) },
    };

    private static void AssertZeroPayload(int size, Payload payload)
    {
        Assert.Equal(size, payload.Body.Length);
        Assert.All(payload.Body, b => Assert.Equal(0, b));
    }

    private static Google.Protobuf.Reflection.MethodDescriptor TestMethod(string name) =>
        TestReflection.Descriptor.Services.Single(service => service.Name == "TestService").FindMethodByName(name);
}
