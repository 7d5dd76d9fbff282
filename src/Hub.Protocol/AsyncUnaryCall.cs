using System.Runtime.CompilerServices;

namespace Hub.Protocol;

/// <summary>A unary call in flight: await it for the response; headers, status and trailers are there too.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly Internal.IClientCallState _call;

    internal AsyncUnaryCall(Task<TResponse> responseAsync, Internal.IClientCallState call)
    {
        ResponseAsync = responseAsync;
        _call = call;
    }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
