using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Google.Rpc;

namespace Hub.Testing;

/// <summary>A response as HTTP saw it: where the gRPC status sat (headers for Trailers-Only) matters to some tests.</summary>
public sealed record WireResponse(HttpStatusCode HttpStatus, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>grpc-status from the trailers, or from the headers of a Trailers-Only response; null when there is none.</summary>
    public GrpcCode? Status =>
        int.TryParse(Field("grpc-status"), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (GrpcCode)code : null;

    /// <summary>grpc-message, percent-decoded.</summary>
    public string? Message => Field("grpc-message") is { } message ? Uri.UnescapeDataString(message) : null;

    /// <summary>The <c>google.rpc.ErrorInfo</c> among the details in grpc-status-details-bin, if any.</summary>
    public ErrorInfo? ErrorInfo
    {
        get
        {
            if (Field("grpc-status-details-bin") is not { } encoded)
            {
                return null;
            }

            var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '=')));
            return status.Details.FirstOrDefault(detail => detail.Is(ErrorInfo.Descriptor))?.Unpack<ErrorInfo>();
        }
    }

    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Body.Length == 0 && Trailers.Count == 0;

    /// <summary>The length-prefixed messages of the body, without their five-byte frame headers.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Messages
    {
        get
        {
            var messages = new List<ReadOnlyMemory<byte>>();
            var rest = Body.AsMemory();
            while (rest.Length >= 5)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(rest.Span[1..5]);
                messages.Add(rest.Slice(5, length));
                rest = rest[(5 + length)..];
            }

            return messages;
        }
    }

    public override string ToString() =>
        $"HTTP {(int)HttpStatus}, grpc-status {Field("grpc-status") ?? "(none)"} {Message} {ErrorInfo?.Reason}".TrimEnd();

    private string? Field(string name) => Trailers.GetValueOrDefault(name) ?? Headers.GetValueOrDefault(name);
}

/// <summary>A call that ended with a status other than OK.</summary>
public sealed class WireCallException(string path, WireResponse response) : Exception($"{path}: {response}")
{
    public WireResponse Response { get; } = response;

    public GrpcCode? Status => Response.Status;

    public string? Reason => Response.ErrorInfo?.Reason;
}
