using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Hub.Protocol.Internal;

/// <summary>The gzip message encoding: compressing outgoing messages and bounded decompression of incoming ones.</summary>
internal static class GzipCompression
{
    public static byte[] Compress(ReadOnlySpan<byte> payload, CompressionLevel level)
    {
        using var output = new MemoryStream(payload.Length / 2 + 64);
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Decompresses into a pooled buffer the caller returns; throws RESOURCE_EXHAUSTED as soon as the
    /// output would pass <paramref name="maxSize"/>, so a small compressed bomb can't take memory.
    /// </summary>
    public static ArraySegment<byte> Decompress(ReadOnlySequence<byte> payload, int? maxSize)
    {
        byte[]? rentedInput = null;
        ArraySegment<byte> input;
        if (payload.IsSingleSegment && MemoryMarshal.TryGetArray(payload.First, out var segment))
        {
            input = segment;
        }
        else
        {
            rentedInput = ArrayPool<byte>.Shared.Rent((int)payload.Length);
            payload.CopyTo(rentedInput);
            input = new ArraySegment<byte>(rentedInput, 0, (int)payload.Length);
        }

        var output = ArrayPool<byte>.Shared.Rent(Math.Max(256, input.Count * 4));
        var length = 0;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(input.Array!, input.Offset, input.Count, writable: false), CompressionMode.Decompress);
            while (true)
            {
                if (length == output.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(output.Length * 2);
                    output.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(output);
                    output = larger;
                }

                var read = gzip.Read(output, length, output.Length - length);
                if (read == 0)
                {
                    return new ArraySegment<byte>(output, 0, length);
                }

                length += read;
                if (length > maxSize)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."));
                }
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(output);
            throw new RpcException(new Status(StatusCode.Internal, "Failed to decompress the message."));
        }
        catch (RpcException)
        {
            ArrayPool<byte>.Shared.Return(output);
            throw;
        }
        finally
        {
            if (rentedInput is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedInput);
            }
        }
    }
}
