namespace Hub.Protocol;

/// <summary>A server-streaming call in flight: read <see cref="ResponseStream"/> until it ends.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly Internal.IClientCallState _call;

    internal AsyncServerStreamingCall(Internal.IClientCallState call, IAsyncStreamReader<TResponse> responseStream)
    {
        _call = call;
        ResponseStream = responseStream;
    }

    /// <summary>The responses; MoveNext throws <see cref="RpcException"/> if the call ends with a non-OK status.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Cancels the call if it is still running.</summary>
    public void Dispose() => _call.Dispose();
}
