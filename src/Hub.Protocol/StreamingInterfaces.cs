namespace Hub.Protocol;

/// <summary>A stream of messages read one at a time.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false at the end of the stream.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Sends the messages of a server-streaming or bidirectional call.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message);
}
