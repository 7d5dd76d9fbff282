using Google.Protobuf;

namespace Hub.Protocol.Internal;

/// <summary>The request stream of a client-streaming or bidirectional call.</summary>
/// <remarks><paramref name="received"/> sees each message before the handler does.</remarks>
internal sealed class RequestStreamReader<T>(MessageReader<T> reader, ServerCallContext context, Action<T> received) : IAsyncStreamReader<T>
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
        if (_current is null)
        {
            return false;
        }

        received(_current);
        return true;
    }
}
