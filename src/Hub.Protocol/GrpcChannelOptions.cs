using Hub.Protocol.Internal;

namespace Hub.Protocol;

public sealed class GrpcChannelOptions
{
    /// <summary>The handler calls go through; by default a <see cref="SocketsHttpHandler"/> owned by the channel.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether the channel disposes <see cref="HttpHandler"/> with itself.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>The largest response message accepted, after decompression; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>Credentials added to every call, e.g. an OAuth bearer token.</summary>
    public CallCredentials? Credentials { get; set; }

    /// <summary>The largest request message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }
}
