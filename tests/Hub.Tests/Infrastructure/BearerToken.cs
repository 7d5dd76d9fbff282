using System.Net.Http.Headers;
using Hub.Protocol;

namespace Hub.Tests.Infrastructure;

/// <summary>Call credentials that send one fixed access token, as a partner system holding a token does.</summary>
public sealed class BearerToken(string token) : CallCredentials
{
    /// <summary>A channel to <paramref name="address"/> whose calls carry <paramref name="token"/>, or no token when it is null.</summary>
    public static GrpcChannel Channel(Uri address, string? token) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { Credentials = token is null ? null : new BearerToken(token) });

    public override ValueTask AddMetadataAsync(Metadata metadata, CancellationToken cancellationToken)
    {
        metadata.Add("authorization", new AuthenticationHeaderValue("Bearer", token).ToString());
        return ValueTask.CompletedTask;
    }
}
