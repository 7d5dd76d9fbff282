using Hub.Client.Internal;
using Hub.Protocol;

namespace Hub.Client;

/// <summary>The usual way for a partner system to connect: a channel whose calls carry its own, automatically renewed token.</summary>
public static class HubChannel
{
    /// <param name="grpcAddress">The hub's gRPC address, e.g. http://127.0.0.1:5100.</param>
    /// <param name="credentials">Who the partner system is.</param>
    /// <param name="tokenEndpoint">The token service, e.g. http://127.0.0.1:5101/connect/token.</param>
    public static GrpcChannel Create(Uri grpcAddress, HubClientCredentials credentials, Uri tokenEndpoint) =>
        GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions
        {
            Credentials = new OAuthCallCredentials(new TokenClient(TokenHttp.Shared, tokenEndpoint, credentials)),
        });
}
