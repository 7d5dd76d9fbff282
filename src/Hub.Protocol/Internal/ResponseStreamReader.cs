using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>The response stream of a client call, read once the call has started.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(ClientCall<TRequest, TResponse> call, Task started) : IAsyncStreamReader<TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        await started;
        _current = await call.ReadNextAsync(cancellationToken);
        return _current is not null;
    }
}
