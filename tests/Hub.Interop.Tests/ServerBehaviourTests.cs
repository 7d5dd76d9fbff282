using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Testing;
using Hub.Client;
using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>How the hub's gRPC server contains failing handlers and oversized requests, seen from Grpc.Net.Client.</summary>
public sealed class ServerBehaviourTests(InteropServer server) : IClassFixture<InteropServer>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.Address);
    private readonly WireClient _wire = new(server.Address);

    public void Dispose()
    {
        _channel.Dispose();
        _wire.Dispose();
    }

    [Fact]
    public async Task Handler_exception_is_unknown_without_its_text()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => Probe.ThrowAsync(new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unknown, failure.StatusCode);
        Assert.DoesNotContain("hunter2", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_info_travels_in_status_details()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => Probe.FailWithDetailsAsync(new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        var info = Assert.IsType<Google.Rpc.ErrorInfo>(failure.GetErrorInfo());
        Assert.Equal("CONSENT_REVOKED", info.Reason);
        Assert.Equal("hub.v1", info.Domain);
        Assert.Equal("c-123", info.Metadata["consent_id"]);
        Assert.Equal((int)StatusCode.FailedPrecondition, failure.GetRpcStatus()!.Code);
    }

    [Fact]
    public async Task Server_deadline_answers_when_the_client_waits_longer()
    {
        // The server's own grpc-timeout handling, seen through a raw request that sets a short timeout
        // but whose client would wait for ever.
        var response = await _wire.SendAsync(
            "/grpc.testing.TestService/EmptyCall", WireClient.Frame([]), headers: [new("grpc-timeout", "50m"), new(TestServiceImpl.SleepKey, "5000")]);

        Assert.Equal(GrpcCode.DeadlineExceeded, response.Status);
    }

    [Fact]
    public async Task Server_refuses_requests_over_its_receive_limit()
    {
        var request = new SimpleRequest { Payload = new Payload { Body = Google.Protobuf.ByteString.CopyFrom(new byte[5 * 1024 * 1024]) } };

        var failure = await Assert.ThrowsAsync<RpcException>(() => Test.UnaryCallAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
    }

    [Fact]
    public async Task Abandoned_server_stream_leaves_the_server_serving()
    {
        using (var call = Probe.StreamUntilCancelled(new Empty()))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            }
        }

        Assert.NotNull(await Test.EmptyCallAsync(new Empty()));
    }

    [Fact]
    public async Task Client_stream_is_read_to_its_end()
    {
        using var call = Probe.Count();
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new Empty());
        }

        await call.RequestStream.CompleteAsync();

        Assert.Equal(5, (await call.ResponseAsync).Count);
    }

    private ProbeService.ProbeServiceClient Probe => new(_channel);

    private TestService.TestServiceClient Test => new(_channel);
}
