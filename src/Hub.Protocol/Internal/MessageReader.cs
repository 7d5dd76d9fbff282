using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>
/// Reads length-prefixed messages from a pipe without copying the body: the size limit is checked
/// from the 5-byte header before the message is buffered, and the message is parsed straight from
/// the pipe's segments. Used by the server for requests and by the client for responses.
/// </summary>
internal sealed class MessageReader<T>(PipeReader reader, MessageParser<T> parser, int? maxMessageSize, bool compressionNegotiated)
    where T : IMessage<T>
{
    /// <summary>Whether the last message read arrived with the compressed flag set.</summary>
    public bool LastMessageCompressed { get; private set; }

    /// <summary>The next message, or null when the stream ended cleanly between messages.</summary>
    public async ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryReadFrame(ref buffer, out var message))
            {
                reader.AdvanceTo(buffer.Start);
                return message;
            }

            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the stream ended inside a message frame."));
                }

                reader.AdvanceTo(buffer.End);
                return default;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// The one message of a unary request: reads to the end of the stream (one read when the
    /// message came with END_STREAM), refusing an oversized frame as soon as its header arrives,
    /// a missing message, and anything after the message.
    /// </summary>
    public ValueTask<T> ReadSingleAsync(CancellationToken cancellationToken)
    {
        // The request has usually arrived whole by the time its handler runs: then every read
        // completes at once, and the message is returned without an async state machine.
        var reading = reader.ReadAsync(cancellationToken);
        while (reading.IsCompletedSuccessfully)
        {
            if (TryReadSingle(reading.Result, out var message))
            {
                return new ValueTask<T>(message);
            }

            reading = reader.ReadAsync(cancellationToken);
        }

        return ReadSingleAfterAsync(reading, cancellationToken);
    }

    private async ValueTask<T> ReadSingleAfterAsync(ValueTask<ReadResult> reading, CancellationToken cancellationToken)
    {
        T? message;
        while (!TryReadSingle(await reading, out message))
        {
            reading = reader.ReadAsync(cancellationToken);
        }

        return message;
    }

    /// <summary>Takes the message from a read that reached the end of the stream; before that, only checks the frame header.</summary>
    private bool TryReadSingle(ReadResult result, [MaybeNullWhen(false)] out T message)
    {
        var buffer = result.Buffer;
        if (!result.IsCompleted)
        {
            if (buffer.Length >= GrpcProtocolConstants.FrameHeaderSize)
            {
                ReadHeader(buffer);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            message = default;
            return false;
        }

        if (!TryReadFrame(ref buffer, out message))
        {
            throw new RpcException(new Status(
                StatusCode.Internal,
                buffer.IsEmpty ? "Request did not include a message." : "Incomplete message: the stream ended inside a message frame."));
        }

        if (!buffer.IsEmpty)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Additional data after the request message."));
        }

        reader.AdvanceTo(buffer.End);
        return true;
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, [MaybeNullWhen(false)] out T message)
    {
        message = default;
        if (buffer.Length < GrpcProtocolConstants.FrameHeaderSize)
        {
            return false;
        }

        var (compressed, length) = ReadHeader(buffer);
        if (buffer.Length < GrpcProtocolConstants.FrameHeaderSize + length)
        {
            return false;
        }

        var payload = buffer.Slice(GrpcProtocolConstants.FrameHeaderSize, length);
        message = compressed ? ParseCompressed(payload) : Parse(payload);
        LastMessageCompressed = compressed;
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>The compressed flag and length of the frame at the start of <paramref name="buffer"/>, checked against the limits.</summary>
    private (bool Compressed, uint Length) ReadHeader(ReadOnlySequence<byte> buffer)
    {
        // The header nearly always lies in the first segment; only a split one is copied out.
        Span<byte> copy = stackalloc byte[GrpcProtocolConstants.FrameHeaderSize];
        scoped ReadOnlySpan<byte> header = buffer.FirstSpan;
        if (header.Length < GrpcProtocolConstants.FrameHeaderSize)
        {
            buffer.Slice(0, GrpcProtocolConstants.FrameHeaderSize).CopyTo(copy);
            header = copy;
        }

        var compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(new Status(StatusCode.Internal, "Invalid message frame: the compressed flag must be 0 or 1.")),
        };
        if (compressed && !compressionNegotiated)
        {
            throw new RpcException(new Status(StatusCode.Internal, "A compressed message arrived without a grpc-encoding that names its compression."));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)(maxMessageSize ?? int.MaxValue))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."));
        }

        return (compressed, length);
    }

    private T ParseCompressed(ReadOnlySequence<byte> payload)
    {
        var decompressed = GzipCompression.Decompress(payload, maxMessageSize);
        try
        {
            return Parse(new ReadOnlySequence<byte>(decompressed.AsMemory()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decompressed.Array!);
        }
    }

    private T Parse(ReadOnlySequence<byte> payload)
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        // The parser's own error, or any other exception a hostile encoding provokes in it (older
        // Google.Protobuf versions threw IndexOutOfRangeException on some length prefixes near 2^31).
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize the message: it is not a valid protobuf encoding of " + typeof(T).Name + "."));
        }
    }
}
