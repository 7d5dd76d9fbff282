using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Grpc.Testing;
using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>How the server answers requests a good client would never send, and that it survives them.</summary>
public sealed class WireProtocolTests(InteropServer server) : IClassFixture<InteropServer>, IDisposable
{
    private const string EmptyCall = "/grpc.testing.TestService/EmptyCall";
    private const string UnaryCall = "/grpc.testing.TestService/UnaryCall";

    private readonly WireClient _wire = new(server.Address);

    public void Dispose() => _wire.Dispose();

    [Fact]
    public async Task Non_grpc_content_type_gets_http_415()
    {
        var response = await _wire.SendAsync(EmptyCall, "{}"u8.ToArray(), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Grpc_proto_content_type_is_accepted()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([]), contentType: "application/grpc+proto");

        Assert.Equal(GrpcCode.Ok, response.Status);
    }

    [Fact]
    public async Task Invalid_compressed_flag_is_internal()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([], flag: 2));

        Assert.Equal(GrpcCode.Internal, response.Status);
        Assert.True(response.IsTrailersOnly);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Truncated_frame_is_internal()
    {
        var frame = WireClient.Frame(new byte[10])[..8];

        var response = await _wire.SendAsync(EmptyCall, frame);

        Assert.Equal(GrpcCode.Internal, response.Status);
        Assert.Contains("Incomplete", response.Message, StringComparison.Ordinal);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Invalid_protobuf_is_internal()
    {
        var response = await _wire.SendAsync(UnaryCall, WireClient.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));

        Assert.Equal(GrpcCode.Internal, response.Status);
        Assert.Contains("not a valid SimpleRequest", response.Message, StringComparison.Ordinal);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Unary_call_without_a_message_is_internal()
    {
        var response = await _wire.SendAsync(EmptyCall, []);

        Assert.Equal(GrpcCode.Internal, response.Status);
    }

    [Fact]
    public async Task Unary_call_with_two_messages_is_internal()
    {
        var response = await _wire.SendAsync(EmptyCall, [.. WireClient.Frame([]), .. WireClient.Frame([])]);

        Assert.Equal(GrpcCode.Internal, response.Status);
    }

    [Fact]
    public async Task Oversized_message_is_refused_from_its_header_before_the_body_arrives()
    {
        // Only the 5-byte header declaring 5 MiB is ever sent; the body stays open and empty.
        var header = WireClient.Frame([])[..5];
        header[1] = 0x00;
        header[2] = 0x50;
        header[3] = 0x00;
        header[4] = 0x00;
        var release = new TaskCompletionSource();
        try
        {
            var response = await _wire.SendAsync(UnaryCall, new HeldOpenContent(header, release.Task));

            Assert.Equal(GrpcCode.ResourceExhausted, response.Status);
        }
        finally
        {
            release.SetResult();
        }

        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Gzip_bomb_is_refused_at_the_receive_limit()
    {
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[64 * 1024 * 1024]) } };
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(request.ToByteArray());
        }

        var response = await _wire.SendAsync(UnaryCall, WireClient.Frame(compressed.ToArray(), flag: 1), headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal(GrpcCode.ResourceExhausted, response.Status);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Compressed_message_without_grpc_encoding_is_internal()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([], flag: 1));

        Assert.Equal(GrpcCode.Internal, response.Status);
    }

    [Fact]
    public async Task Corrupt_gzip_is_internal()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([1, 2, 3, 4], flag: 1), headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal(GrpcCode.Internal, response.Status);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Unsupported_encoding_is_unimplemented_and_names_the_supported_ones()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([], flag: 1), headers: [new("grpc-encoding", "snappy")]);

        Assert.Equal(GrpcCode.Unimplemented, response.Status);
        Assert.Contains("gzip", response.Headers["grpc-accept-encoding"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10S")]
    public async Task Unary_call_ends_on_the_server_when_the_client_resets_mid_request(string? timeout)
    {
        // Without a deadline the request body is read without a cancellation token: a reset stream
        // must end that read by itself.
        var tag = Guid.NewGuid().ToString("N");
        var release = new TaskCompletionSource();
        KeyValuePair<string, string>[] headers = timeout is null
            ? [new(InteropServer.RequestTagHeader, tag)]
            : [new(InteropServer.RequestTagHeader, tag), new("grpc-timeout", timeout)];
        var sending = _wire.SendAsync(UnaryCall, new HeldOpenContent(WireClient.Frame([])[..3], release.Task), headers: headers);
        await server.RequestStarted(tag).WaitAsync(TimeSpan.FromSeconds(10));

        // The request body fails, so the client resets the stream.
        release.SetException(new IOException("The client gave up."));

        await Assert.ThrowsAnyAsync<Exception>(() => sending);
        await server.RequestFinished(tag).WaitAsync(TimeSpan.FromSeconds(10));
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Malformed_timeout_is_ignored()
    {
        // grpc-dotnet serves a call whose grpc-timeout it can't read as one without a deadline.
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([]), headers: [new("grpc-timeout", "soon")]);

        Assert.Equal(GrpcCode.Ok, response.Status);
    }

    [Fact]
    public async Task Length_prefix_of_two_gibibytes_is_resource_exhausted()
    {
        byte[] header = [0, 0x80, 0, 0, 0];

        var response = await _wire.SendAsync(UnaryCall, header);

        Assert.Equal(GrpcCode.ResourceExhausted, response.Status);
        await AssertServerStillServesAsync();
    }

    [Theory]
    [InlineData("/grpc.testing.TestService/NoSuchMethod", "Method is unimplemented.")]
    [InlineData("/no.such.Service/Method", "Service is unimplemented.")]
    public async Task Unknown_method_or_service_is_unimplemented_as_trailers_only(string path, string message)
    {
        var response = await _wire.SendAsync(path, WireClient.Frame([]));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(GrpcCode.Unimplemented, response.Status);
        Assert.Equal(message, response.Message);
        Assert.True(response.IsTrailersOnly);
    }

    [Fact]
    public async Task Successful_unary_call_sends_status_in_trailers_after_the_message()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([]));

        Assert.Equal("0", response.Trailers["grpc-status"]);
        Assert.Equal(WireClient.Frame([]), response.Body);
        Assert.Equal("application/grpc", response.Headers.GetValueOrDefault("content-type") ?? "application/grpc");
    }

    [Fact]
    public async Task Identity_response_leaves_out_grpc_accept_encoding()
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([]), headers: [new("grpc-accept-encoding", "identity,gzip")]);

        Assert.Equal(GrpcCode.Ok, response.Status);
        Assert.DoesNotContain("grpc-accept-encoding", response.Headers.Keys);
        Assert.DoesNotContain("grpc-encoding", response.Headers.Keys);
    }

    [Fact]
    public async Task Compressed_response_names_its_encoding()
    {
        var request = new SimpleRequest { ResponseSize = 100, ResponseCompressed = true };

        var response = await _wire.SendAsync(UnaryCall, WireClient.Frame(request), headers: [new("grpc-accept-encoding", "identity,gzip")]);

        Assert.Equal(GrpcCode.Ok, response.Status);
        Assert.Equal(1, response.Body[0]);
        Assert.Equal("gzip", response.Headers["grpc-encoding"]);
    }

    [Fact]
    public async Task Compressed_request_is_accepted()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(new Empty().ToByteArray());
        }

        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame(compressed.ToArray(), flag: 1), headers: [new("grpc-encoding", "gzip")]);

        Assert.Equal(GrpcCode.Ok, response.Status);
    }

    [Theory]
    [InlineData("CgsKCwoL")]
    [InlineData("CgsKCwo")]
    [InlineData("CgsKCwo=")]
    [InlineData("CgsKCw")]
    [InlineData("CgsKCw==")]
    public async Task Binary_metadata_is_accepted_padded_or_not(string base64)
    {
        var response = await _wire.SendAsync(EmptyCall, WireClient.Frame([]), headers: [new(TestServiceImpl.EchoTrailingKey, base64)]);

        // The same bytes go back out, however they were padded.
        Assert.Equal(GrpcCode.Ok, response.Status);
        Assert.Equal(Base64Url(base64), Base64Url(response.Trailers[TestServiceImpl.EchoTrailingKey]));
    }

    [Fact]
    public async Task Client_streaming_handler_reads_every_message()
    {
        var body = Enumerable.Repeat(WireClient.Frame([]), 3).SelectMany(frame => frame).ToArray();

        var response = await _wire.SendAsync("/hub.testing.ProbeService/Count", body);

        Assert.Equal(GrpcCode.Ok, response.Status);
        var count = Hub.Testing.CountResponse.Parser.ParseFrom(response.Body.AsSpan(5));
        Assert.Equal(3, count.Count);
    }

    private async Task AssertServerStillServesAsync()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address);
        var response = await new TestService.TestServiceClient(channel).EmptyCallAsync(new Empty());
        Assert.NotNull(response);
    }

    private static string Base64Url(string base64) => Convert.ToBase64String(Convert.FromBase64String(base64.PadRight((base64.Length + 3) / 4 * 4, '=')));
}
