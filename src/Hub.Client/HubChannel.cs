using Grpc.Core;
using Grpc.Net.Client;

namespace Hub.Client;

/// <summary>The usual way for a partner system to connect: a channel whose calls carry its own, automatically renewed token.</summary>
public static class HubChannel
{
    /// <param name="grpcAddress">The hub's gRPC address, e.g. http://127.0.0.1:5100 or https://hub.example:5100.</param>
    /// <param name="credentials">Who the partner system is.</param>
    /// <param name="tokenEndpoint">The token service, e.g. http://127.0.0.1:5101/connect/token.</param>
    /// <param name="scope">Space-separated scopes to ask for; null for all the client may have.</param>
    public static GrpcChannel Create(Uri grpcAddress, HubClientCredentials credentials, Uri tokenEndpoint, string? scope = null) =>
        Create(grpcAddress, new AccessTokenSource(new TokenClient(tokenEndpoint, credentials), scope));

    /// <summary>A channel whose calls carry the tokens of <paramref name="tokens"/>.</summary>
    public static GrpcChannel Create(Uri grpcAddress, AccessTokenSource tokens)
    {
        ArgumentNullException.ThrowIfNull(grpcAddress);
        ArgumentNullException.ThrowIfNull(tokens);
        return GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(Transport(grpcAddress), tokens.ToCallCredentials()),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }

    /// <summary>
    /// TLS for https addresses; plaintext HTTP/2 otherwise, as on the hub's loopback port (the token
    /// then travels in clear: fine on loopback, not across a network).
    /// </summary>
    internal static ChannelCredentials Transport(Uri address) =>
        address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
}
