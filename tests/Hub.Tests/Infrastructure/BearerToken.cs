using Grpc.Core;
using Grpc.Net.Client;

namespace Hub.Tests.Infrastructure;

/// <summary>Channels that send one fixed access token, as a partner system holding a token does.</summary>
public static class BearerToken
{
    /// <summary>
    /// A channel to <paramref name="address"/> whose calls carry <paramref name="token"/>, or no token
    /// when it is null; through <paramref name="handler"/> when one is given, to see the HTTP responses.
    /// </summary>
    public static GrpcChannel Channel(Uri address, string? token, HttpMessageHandler? handler = null) =>
        GrpcChannel.ForAddress(address, token is null
            ? new GrpcChannelOptions { HttpHandler = handler }
            : new GrpcChannelOptions
            {
                HttpHandler = handler,
                Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, Credentials(token)),
                UnsafeUseInsecureChannelCallCredentials = true,
            });

    /// <summary>Call credentials adding <c>authorization: Bearer <paramref name="token"/></c>.</summary>
    public static CallCredentials Credentials(string token) =>
        CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token);
            return Task.CompletedTask;
        });
}
