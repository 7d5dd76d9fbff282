namespace Hub.Client.Internal;

/// <summary>The HttpClient token requests share when the caller brings none: one per process, as HttpClient is meant to be used.</summary>
internal static class TokenHttp
{
    public static HttpClient Shared { get; } = new(new SocketsHttpHandler
    {
        // Renew connections now and then so a token service that moves (DNS) is followed.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        // A token answer is a few hundred bytes; anything near this is not one.
        MaxResponseContentBufferSize = 64 * 1024,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
