using System.IO.Compression;
using Google.Protobuf;
using Hub.Protocol.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hub.Protocol;

/// <summary>
/// What a service handler knows about the call it serves: who called, the request metadata, the
/// deadline and cancellation, and the response metadata it sends back.
/// </summary>
public sealed class ServerCallContext
{
    private static readonly string[] StatusCodeTexts =
        Enumerable.Range(0, (int)StatusCode.Unauthenticated + 1).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private readonly CompressionLevel _compressionLevel;
    private readonly int? _maxSendMessageSize;
    private readonly bool _peerAcceptsGzip;

    // Only calls with a deadline can have two writers racing (the handler and the deadline), so only
    // they pay for a lock.
    private readonly SemaphoreSlim? _writeLock;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private bool _headersPrepared;
    private bool _compressResponses;
    private bool _messageWritten;
    private bool _completed;

    internal ServerCallContext(
        HttpContext httpContext,
        string method,
        DateTime deadline,
        CancellationToken deadlineToken,
        GrpcServerOptions options,
        bool peerAcceptsGzip)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        DeadlineToken = deadlineToken;
        _compressionLevel = options.ResponseCompressionLevel;
        _maxSendMessageSize = options.MaxSendMessageSize;
        _peerAcceptsGzip = peerAcceptsGzip;
        CompressResponses = options.CompressResponses;
        if (deadline != DateTime.MaxValue)
        {
            _writeLock = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    public string Host => HttpContext.Request.Host.Value ?? string.Empty;

    /// <summary>The caller's address in gRPC's form, e.g. <c>ipv4:127.0.0.1:50123</c>.</summary>
    public string Peer
    {
        get
        {
            var connection = HttpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } address => $"ipv6:[{address}]:{connection.RemotePort}",
                var address => $"ipv4:{address}:{connection.RemotePort}",
            };
        }
    }

    /// <summary>When the caller stops waiting (UTC); <see cref="DateTime.MaxValue"/> when it set no deadline.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the caller goes away or the deadline passes.</summary>
    // Without a deadline this is the request's abort token, fetched only when asked for: Kestrel
    // makes it on demand, and a call that never asks spares it that work.
    public CancellationToken CancellationToken => DeadlineToken.CanBeCanceled ? DeadlineToken : HttpContext.RequestAborted;

    /// <summary>
    /// Cancelled when the deadline passes (linked to the request's abort token); none without a deadline.
    /// Enough for reading the request body, which Kestrel ends by itself when the caller goes away.
    /// </summary>
    internal CancellationToken DeadlineToken { get; }

    public HttpContext HttpContext { get; }

    public Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromHeaders(HttpContext.Request.Headers);

    /// <summary>Sent with the status at the end of the call.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>Whether the caller declared gzip as its grpc-encoding.</summary>
    internal bool RequestEncodingIsGzip { get; init; }

    /// <summary>Whether the last request message arrived compressed.</summary>
    public bool RequestCompressed { get; internal set; }

    /// <summary>
    /// Whether response messages are gzip-compressed, when the caller accepts gzip. Decided when the
    /// response headers go out, so set it before the first message.
    /// </summary>
    public bool CompressResponses { get; set; }

    /// <summary>Sends response headers now, ahead of the first message.</summary>
    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        await EnterWriteAsync();
        try
        {
            if (_headersPrepared)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call.");
            }

            MetadataHeaders.WriteTo(headers, HttpContext.Response.Headers);
            PrepareResponseHeaders();
            await HttpContext.Response.BodyWriter.FlushAsync(CancellationToken);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    internal ValueTask WriteMessageAsync(IMessage message, bool flush)
    {
        if (_writeLock is not null)
        {
            return WriteMessageLockedAsync(message, flush);
        }

        WriteMessageCore(message);
        return flush ? FlushAsync() : default;
    }

    private async ValueTask WriteMessageLockedAsync(IMessage message, bool flush)
    {
        await EnterWriteAsync();
        try
        {
            WriteMessageCore(message);
            if (flush)
            {
                await FlushAsync();
            }
        }
        finally
        {
            _writeLock!.Release();
        }
    }

    private async ValueTask FlushAsync() => await HttpContext.Response.BodyWriter.FlushAsync(CancellationToken);

    /// <summary>
    /// Ends the call with <paramref name="status"/>: as trailers after the messages, or as a
    /// Trailers-Only response when nothing has been sent yet.
    /// </summary>
    internal void Complete(Status status)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        var response = HttpContext.Response;
        var trailersOnly = !_headersPrepared && !_messageWritten;
        IHeaderDictionary fields;
        if (trailersOnly)
        {
            fields = response.Headers;
            fields.ContentType = GrpcProtocolConstants.ContentType;
        }
        else
        {
            fields = HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
                ?? throw new InvalidOperationException("The server does not support response trailers, which gRPC needs.");
        }

        // The typed properties are Kestrel's own fields for these names: no name comparison, no dictionary.
        fields.GrpcStatus = StatusCodeTexts[(int)status.Code];
        if (!string.IsNullOrEmpty(status.Detail))
        {
            fields.GrpcMessage = PercentEncoding.Encode(status.Detail);
        }

        if (status.RichStatus is { } rich)
        {
            fields.Append(GrpcProtocolConstants.StatusDetailsHeader, Convert.ToBase64String(rich.ToByteArray()).TrimEnd('='));
        }

        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                fields.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
            }
        }
    }

    /// <summary>Answers DEADLINE_EXCEEDED while the handler may still be running, then shuts its writes out.</summary>
    internal async Task CompleteDeadlineExceededAsync()
    {
        await _writeLock!.WaitAsync(CancellationToken.None);
        try
        {
            Complete(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            await HttpContext.Response.CompleteAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask EnterWriteAsync()
    {
        if (_writeLock is not null)
        {
            await _writeLock.WaitAsync(CancellationToken.None);
        }

        if (_completed)
        {
            _writeLock?.Release();
            throw new InvalidOperationException("The call is already complete: its deadline passed or its status was sent.");
        }
    }

    private void WriteMessageCore(IMessage message)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The call is already complete: its deadline passed or its status was sent.");
        }

        PrepareResponseHeaders();
        MessageFraming.WriteMessage(HttpContext.Response.BodyWriter, message, _compressResponses ? _compressionLevel : null, _maxSendMessageSize);
        _messageWritten = true;
    }

    private void PrepareResponseHeaders()
    {
        if (_headersPrepared)
        {
            return;
        }

        _headersPrepared = true;
        var headers = HttpContext.Response.Headers;
        headers.ContentType = GrpcProtocolConstants.ContentType;
        _compressResponses = CompressResponses && _peerAcceptsGzip;
        if (_compressResponses)
        {
            headers.GrpcEncoding = GrpcProtocolConstants.GzipEncoding;
        }

        // grpc-accept-encoding is optional in response headers. It matters to a peer that compresses
        // (to know what it may send), so it goes with calls that use compression either way; identity
        // calls, nearly all of them, don't carry it. An unsupported grpc-encoding is answered with it
        // regardless (ServerCallHandler).
        if (_compressResponses || RequestEncodingIsGzip)
        {
            headers.GrpcAcceptEncoding = GrpcProtocolConstants.SupportedEncodings;
        }
    }
}
