using System.Buffers.Binary;
using Google.Protobuf;

namespace HubScenario;

/// <summary>A gRPC length-prefixed message as h2load sends it for a body: flag 0 (uncompressed), 4-byte big-endian length, the message.</summary>
internal static class RequestFrame
{
    private const int HeaderLength = 5;

    public static byte[] Encode(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[HeaderLength + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, HeaderLength);
        return frame;
    }

    /// <summary>The message of a frame written by <see cref="Encode"/>.</summary>
    public static byte[] Decode(byte[] frame, string source)
    {
        if (frame.Length < HeaderLength || frame[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)) != frame.Length - HeaderLength)
        {
            throw new InvalidDataException($"{source} is not one uncompressed gRPC message frame.");
        }

        return frame[HeaderLength..];
    }
}
