using Grpc.Core;
using Grpc.Net.Client;

namespace Hub.Tests.Infrastructure;

/// <summary>Channels that send one fixed access token, as a partner system holding a token does.</summary>
public static class BearerToken
{
    /// <summary>A channel to <paramref name="address"/> whose calls carry <paramref name="token"/>, or no token when it is null.</summary>
    public static GrpcChannel Channel(Uri address, string? token) =>
        GrpcChannel.ForAddress(address, token is null
            ? new GrpcChannelOptions()
            : new GrpcChannelOptions
            {
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
