using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>
/// One client call: sends the framed request, reads framed responses, and resolves the final
/// status the way the gRPC spec asks (Trailers-Only, HTTP status mapping, missing status).
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IClientCallState
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    private const string UserAgent = "hub-protocol-dotnet/1.0";

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cancellation;
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpResponseMessage? _response;
    private MessageReader<TResponse>? _reader;
    private Status? _status;
    private Metadata? _trailers;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
    }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not completed.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not completed.");

    public async Task<TResponse> UnaryAsync(TRequest request)
    {
        try
        {
            await StartAsync(request);
            var response = await ReadNextAsync(CancellationToken.None)
                ?? throw Finish(new Status(StatusCode.Internal, "The server ended a unary call without a response message."));
            if (await ReadNextAsync(CancellationToken.None) is not null)
            {
                throw Finish(new Status(StatusCode.Internal, "The server sent more than one response message to a unary call."));
            }

            return response;
        }
        finally
        {
            Dispose();
        }
    }

    public async Task StartAsync(TRequest request)
    {
        var timeout = TimeSpan.Zero;
        if (_options.Deadline is { } deadline)
        {
            timeout = deadline - DateTime.UtcNow;
            if (timeout <= TimeSpan.Zero)
            {
                throw Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            }

            _cancellation.CancelAfter(timeout);
        }

        using var httpRequest = await CreateHttpRequestAsync(request, timeout);
        try
        {
            _response = await _channel.Invoker.SendAsync(httpRequest, _cancellation.Token);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Finish(StatusOf(exception));
        }

        var headers = MetadataOf(_response.Headers);
        _responseHeaders.TrySetResult(headers);
        if (StatusOfHeaders(_response) is { } immediate)
        {
            _trailers = headers;
            if (immediate.Code != StatusCode.OK)
            {
                throw Finish(immediate);
            }

            _status = immediate;
            return;
        }

        var stream = await _response.Content.ReadAsStreamAsync(_cancellation.Token);
        var gzip = _response.Headers.TryGetValues(GrpcProtocolConstants.EncodingHeader, out var encodings)
            && encodings.Contains(GrpcProtocolConstants.GzipEncoding, StringComparer.OrdinalIgnoreCase);
        _reader = new MessageReader<TResponse>(PipeReader.Create(stream), _method.ResponseParser, _channel.Options.MaxReceiveMessageSize, gzip);
    }

    /// <summary>The next response message, or null once the call ended with OK; throws for any other status.</summary>
    public async Task<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (_status is { } finished)
        {
            return finished.Code == StatusCode.OK ? default : throw new RpcException(finished, _trailers);
        }

        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellation.Token)
            : null;
        try
        {
            var message = await _reader!.ReadAsync(linked?.Token ?? _cancellation.Token);
            if (message is not null)
            {
                return message;
            }
        }
        catch (RpcException exception)
        {
            throw Finish(exception.Status);
        }
        catch (Exception exception)
        {
            throw Finish(StatusOf(exception));
        }

        _trailers = MetadataOf(_response!.TrailingHeaders);
        var status = ReadStatus(_response.TrailingHeaders)
            ?? new Status(StatusCode.Internal, "The server closed the response without a grpc-status.");
        if (status.Code != StatusCode.OK)
        {
            throw Finish(status);
        }

        _status = status;
        return default;
    }

    public void Dispose()
    {
        _response?.Dispose();
        _cancellation.Dispose();
    }

    private async Task<HttpRequestMessage> CreateHttpRequestAsync(TRequest request, TimeSpan timeout)
    {
        var framed = new ArrayBufferWriter<byte>();
        MessageFraming.WriteMessage(framed, request, _options.CompressRequest ? CompressionLevel.Fastest : null, _channel.Options.MaxSendMessageSize);

        var httpRequest = _channel.CreateRequest(_method.Path);
        var headers = httpRequest.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, "trailers");
        headers.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.AcceptEncodingHeader, GrpcProtocolConstants.SupportedEncodings);
        if (_options.CompressRequest)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.EncodingHeader, GrpcProtocolConstants.GzipEncoding);
        }

        if (timeout > TimeSpan.Zero)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        foreach (var entry in _options.Headers ?? [])
        {
            headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
        }

        if (_channel.Options.Credentials is { } credentials)
        {
            var credentialHeaders = new Metadata();
            try
            {
                await credentials.AddMetadataAsync(credentialHeaders, _cancellation.Token);
            }
            catch (Exception exception) when (exception is not RpcException and not OperationCanceledException)
            {
                // The call can't be authenticated, so it is not sent; the gRPC answer to that is UNAUTHENTICATED.
                throw Finish(new Status(StatusCode.Unauthenticated, $"Getting call credentials failed: {exception.Message}"));
            }

            foreach (var entry in credentialHeaders)
            {
                headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
            }
        }

        httpRequest.Content = new ReadOnlyMemoryContent(framed.WrittenMemory);
        httpRequest.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocolConstants.ContentType);
        return httpRequest;
    }

    /// <summary>The status a response settles before any message: a non-200 HTTP status, or a Trailers-Only grpc-status.</summary>
    private static Status? StatusOfHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Status(
                StatusCodeOfHttp(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}" + (ReadStatus(response.Headers) is { } sent ? $" ({sent.Detail})" : string.Empty));
        }

        if (ReadStatus(response.Headers) is { } status)
        {
            return status;
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        return GrpcProtocolConstants.IsGrpcContentType(contentType)
            ? null
            : new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}");
    }

    /// <summary>The HTTP-to-gRPC mapping of the gRPC spec, for responses that did not come from a gRPC server.</summary>
    private static StatusCode StatusCodeOfHttp(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    private static Status? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocolConstants.StatusHeader, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return new Status(StatusCode.Unknown, $"Unexpected grpc-status value '{text}'.");
        }

        var detail = headers.TryGetValues(GrpcProtocolConstants.MessageHeader, out var messages)
            ? PercentEncoding.Decode(messages.First())
            : string.Empty;
        Google.Rpc.Status? rich = null;
        if (headers.TryGetValues(GrpcProtocolConstants.StatusDetailsHeader, out var details))
        {
            try
            {
                rich = Google.Rpc.Status.Parser.ParseFrom(MetadataHeaders.DecodeBinary(GrpcProtocolConstants.StatusDetailsHeader, details.First()));
            }
            catch (Exception exception) when (exception is RpcException or InvalidProtocolBufferException)
            {
                // Unreadable details don't change the status itself; the code and message still stand.
            }
        }

        return new Status((StatusCode)code, detail, rich);
    }

    private static Metadata MetadataOf(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            if (MetadataHeaders.IsProtocolHeader(name) || name.Equals("date", StringComparison.OrdinalIgnoreCase) || name.Equals("server", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                MetadataHeaders.AddEntry(metadata, name, value);
            }
        }

        return metadata;
    }

    private Status StatusOf(Exception exception) => exception switch
    {
        OperationCanceledException when _options.CancellationToken.IsCancellationRequested => new Status(StatusCode.Cancelled, "Call canceled by the client."),
        OperationCanceledException => new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"),
        HttpProtocolException { ErrorCode: 0x8 } => new Status(StatusCode.Cancelled, "The server cancelled the call."),
        HttpProtocolException { ErrorCode: 0x7 } => new Status(StatusCode.Unavailable, "The server refused the stream."),
        HttpProtocolException protocol => new Status(StatusCode.Internal, $"HTTP/2 error {protocol.ErrorCode} from the server."),
        HttpRequestException or IOException => new Status(StatusCode.Unavailable, $"Error talking to {_channel.Address}: {exception.Message}"),
        _ => new Status(StatusCode.Internal, $"Unexpected client failure: {exception.GetType().Name}"),
    };

    private RpcException Finish(Status status)
    {
        _status = status;
        _trailers ??= new Metadata();
        _responseHeaders.TrySetResult(new Metadata());
        return new RpcException(status, _trailers);
    }
}
