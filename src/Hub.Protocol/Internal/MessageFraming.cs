using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>
/// Writes the length-prefixed message frames of gRPC: one flag byte (1 = compressed), a 4-byte
/// big-endian length, then the message bytes.
/// </summary>
internal static class MessageFraming
{
    /// <summary>Above this size a message is serialized straight into the writer's segments rather than one span.</summary>
    private const int ContiguousWriteLimit = 4096 - GrpcProtocolConstants.FrameHeaderSize;

    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, CompressionLevel? compression, int? maxSendSize)
    {
        var size = message.CalculateSize();
        if (size > maxSendSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size."));
        }

        if (compression is { } level)
        {
            WriteCompressed(writer, message, size, level);
            return;
        }

        if (size <= ContiguousWriteLimit)
        {
            var span = writer.GetSpan(GrpcProtocolConstants.FrameHeaderSize + size);
            WriteHeader(span, compressed: false, size);
            message.WriteTo(span.Slice(GrpcProtocolConstants.FrameHeaderSize, size));
            writer.Advance(GrpcProtocolConstants.FrameHeaderSize + size);
            return;
        }

        WriteHeader(writer.GetSpan(GrpcProtocolConstants.FrameHeaderSize), compressed: false, size);
        writer.Advance(GrpcProtocolConstants.FrameHeaderSize);
        message.WriteTo(writer);
    }

    private static void WriteCompressed(IBufferWriter<byte> writer, IMessage message, int size, CompressionLevel level)
    {
        var plain = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            var compressed = GzipCompression.Compress(plain.AsSpan(0, size), level);
            var span = writer.GetSpan(GrpcProtocolConstants.FrameHeaderSize + compressed.Length);
            WriteHeader(span, compressed: true, compressed.Length);
            compressed.CopyTo(span[GrpcProtocolConstants.FrameHeaderSize..]);
            writer.Advance(GrpcProtocolConstants.FrameHeaderSize + compressed.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}
