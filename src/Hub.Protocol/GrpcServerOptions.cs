using System.IO.Compression;
using Hub.Protocol.Internal;

namespace Hub.Protocol;

/// <summary>Limits and defaults of the gRPC server.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The largest request message accepted, after decompression; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Whether responses are gzip-compressed by default for callers that accept gzip.</summary>
    public bool CompressResponses { get; set; }

    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;
}
