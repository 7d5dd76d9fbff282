using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Hub.Testing;

/// <summary>
/// gRPC calls made by hand on HttpClient's HTTP/2: exactly the bytes and headers a test gives,
/// answered as HTTP saw them. It depends on no gRPC library, so it sees the hub's gRPC stack from
/// outside, whichever stack that is. One client keeps one HTTP/2 connection for all its calls.
/// </summary>
public sealed class WireClient(Uri address) : IDisposable
{
    /// <summary>Long enough for any call the hub answers; a call still unanswered after it counts as hung.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(10) });

    public Uri Address { get; } = address;

    /// <summary>A gRPC message frame: the compressed flag, the big-endian length and the payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Frame(IMessage message) => Frame(message.ToByteArray());

    public static IEnumerable<KeyValuePair<string, string>> Bearer(string? token) =>
        token is null ? [] : [new("authorization", $"Bearer {token}")];

    public Task<WireResponse> SendAsync(string path, byte[] body, IEnumerable<KeyValuePair<string, string>>? headers = null, TimeSpan? timeout = null, string contentType = "application/grpc") =>
        SendAsync(path, new ByteArrayContent(body), headers, timeout, contentType);

    /// <summary>
    /// Sends one request and reads the whole response. Throws <see cref="TimeoutException"/> when no
    /// complete answer came within <paramref name="timeout"/>, and HttpRequestException when the
    /// connection failed.
    /// </summary>
    public async Task<WireResponse> SendAsync(
        string path, HttpContent content, IEnumerable<KeyValuePair<string, string>>? headers = null, TimeSpan? timeout = null, string contentType = "application/grpc")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var limit = timeout ?? DefaultTimeout;
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            using var response = await _invoker.SendAsync(request, cancellation.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cancellation.Token);
            return new WireResponse(response.StatusCode, Flatten(response.Headers), Flatten(response.TrailingHeaders), body);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{path} was not answered within {limit.TotalSeconds} s.");
        }
    }

    /// <summary>A well-formed unary call: its response when the status is OK; otherwise <see cref="WireCallException"/>.</summary>
    public async Task<TResponse> CallAsync<TResponse>(string path, IMessage request, string? token, TimeSpan? timeout = null)
        where TResponse : IMessage<TResponse>, new()
    {
        var response = await SendAsync(path, Frame(request), Bearer(token), timeout);
        if (response.Status != GrpcCode.Ok || response.Messages.Count != 1)
        {
            throw new WireCallException(path, response);
        }

        return new MessageParser<TResponse>(() => new TResponse()).ParseFrom(response.Messages[0].Span);
    }

    public void Dispose() => _invoker.Dispose();

    private static Dictionary<string, string> Flatten(HttpHeaders headers) =>
        headers.ToDictionary(header => header.Key, header => string.Join(",", header.Value), StringComparer.OrdinalIgnoreCase);
}
