using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>The request stream of a client-streaming or bidirectional call.</summary>
internal sealed class RequestStreamReader<T>(MessageReader<T> reader, ServerCallContext context) : IAsyncStreamReader<T>
    where T : IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken)
            : null;
        _current = await reader.ReadAsync(linked?.Token ?? context.CancellationToken);
        context.RequestCompressed = reader.LastMessageCompressed;
        return _current is not null;
    }
}
