using Google.Protobuf;
using Hub.V1;

namespace EchoServers;

/// <summary>
/// The payload the benchmark sends: <c>size</c> bytes of 'a'..'z' repeating. bench/wire/run.sh
/// builds the same bytes for its request file.
/// </summary>
internal static class EchoPayload
{
    public const int DefaultSize = 64;

    public static ByteString Create(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)('a' + i % 26);
        }

        return ByteString.CopyFrom(bytes);
    }

    /// <summary>A whole gRPC message frame: flag 0, 4-byte big-endian length, the EchoResponse bytes.</summary>
    public static byte[] FramedResponse(ByteString payload)
    {
        var message = new EchoResponse { Payload = payload }.ToByteArray();
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }
}
