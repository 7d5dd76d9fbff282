using System.Diagnostics;
using Grpc.Testing;
using Hub.Interop.Tests.Infrastructure;
using Hub.Protocol;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>How our client resolves statuses, deadlines and rich errors, and how the server contains failing handlers.</summary>
public sealed class ClientTests(InteropServer server) : IClassFixture<InteropServer>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.Address);

    public void Dispose() => _channel.Dispose();

    [Theory]
    [InlineData("Http503", StatusCode.Unavailable)]
    [InlineData("Http404", StatusCode.Unimplemented)]
    [InlineData("Html", StatusCode.Internal)]
    [InlineData("NoStatus", StatusCode.Internal)]
    public async Task Responses_from_non_grpc_servers_get_the_status_the_spec_maps_them_to(string endpoint, StatusCode expected)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(new Method<Empty, Empty>("broken.Service", endpoint), new Empty()).ResponseAsync);

        Assert.Equal(expected, failure.StatusCode);
    }

    [Fact]
    public async Task Handler_exception_is_unknown_without_its_text()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(Probe("Throw"), new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unknown, failure.StatusCode);
        Assert.Equal("Exception was thrown by handler.", failure.Status.Detail);
        Assert.DoesNotContain("hunter2", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_info_travels_in_status_details()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(Probe("FailWithDetails"), new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        var info = Assert.IsType<Google.Rpc.ErrorInfo>(failure.Status.ErrorInfo);
        Assert.Equal("CONSENT_REVOKED", info.Reason);
        Assert.Equal("hub.v1", info.Domain);
        Assert.Equal("c-123", info.Metadata["consent_id"]);
        Assert.Equal((int)StatusCode.FailedPrecondition, failure.Status.RichStatus!.Code);
    }

    [Fact]
    public async Task Deadline_ends_the_call_even_when_the_handler_ignores_cancellation()
    {
        var probe = server.GetService<ProbeService>();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryCall(Probe("IgnoreCancellation"), new Empty(), new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(100))).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.False(probe.IgnoredCancellationFinished.Task.IsCompleted, $"The call waited for the handler ({clock.Elapsed}) instead of ending at its deadline.");
        await probe.IgnoredCancellationFinished.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(await _channel.UnaryCall(Test("EmptyCall"), new Empty()));
    }

    [Fact]
    public async Task Server_deadline_answers_when_client_waits_longer()
    {
        // The server's own grpc-timeout handling, seen through a raw request that sets a short timeout
        // but whose client would wait for ever.
        var response = await RawGrpc.SendAsync(
            server.Address, "/grpc.testing.TestService/EmptyCall", RawGrpc.Frame([]), headers: [("grpc-timeout", "50m"), (TestService.SleepKey, "5000")]);

        Assert.Equal("4", response.GrpcStatus);
    }

    [Fact]
    public async Task Expired_deadline_fails_without_sending()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryCall(Test("EmptyCall"), new Empty(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_call()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var headers = new Metadata().Add(TestService.SleepKey, "5000");

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryCall(Test("EmptyCall"), new Empty(), new CallOptions(headers, CancellationToken: cancellation.Token)).ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, failure.StatusCode);
    }

    [Fact]
    public async Task Client_refuses_responses_over_its_receive_limit()
    {
        using var limited = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            limited.UnaryCall(Test<SimpleRequest, SimpleResponse>("UnaryCall"), new SimpleRequest { ResponseSize = 4096 }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
    }

    [Fact]
    public async Task Server_refuses_requests_over_its_receive_limit()
    {
        var request = new SimpleRequest { Payload = new Payload { Body = Google.Protobuf.ByteString.CopyFrom(new byte[5 * 1024 * 1024]) } };

        var failure = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(Test<SimpleRequest, SimpleResponse>("UnaryCall"), request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
    }

    [Fact]
    public async Task Abandoned_server_stream_leaves_the_server_serving()
    {
        using (var call = _channel.ServerStreamingCall(Probe<Empty>("StreamUntilCancelled"), new Empty()))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            }
        }

        Assert.NotNull(await _channel.UnaryCall(Test("EmptyCall"), new Empty()));
    }

    [Fact]
    public async Task Unreachable_server_is_unavailable()
    {
        using var nowhere = GrpcChannel.ForAddress("http://127.0.0.1:1");

        var failure = await Assert.ThrowsAsync<RpcException>(() => nowhere.UnaryCall(Test("EmptyCall"), new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
    }

    private static Method<Empty, Empty> Probe(string name) => Probe<Empty>(name);

    private static Method<Empty, TResponse> Probe<TResponse>(string name)
        where TResponse : Google.Protobuf.IMessage<TResponse>, new() =>
        Method<Empty, TResponse>.From(ProbeReflection.Descriptor.Services[0].FindMethodByName(name));

    private static Method<Empty, Empty> Test(string name) => Test<Empty, Empty>(name);

    private static Method<TRequest, TResponse> Test<TRequest, TResponse>(string name)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : Google.Protobuf.IMessage<TResponse>, new() =>
        Method<TRequest, TResponse>.From(TestReflection.Descriptor.Services.Single(service => service.Name == "TestService").FindMethodByName(name));
}
