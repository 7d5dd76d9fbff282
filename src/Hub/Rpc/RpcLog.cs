namespace Hub.Rpc;

/// <summary>What the gRPC layer logs: ids 400–499.</summary>
internal static partial class RpcLog
{
    // The exception goes to the log only: a client learns that the call failed, not how.
    [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "The call to {Method} failed unexpectedly")]
    public static partial void CallFailed(this ILogger logger, string method, Exception exception);

    // The client gave up or its deadline passed: nothing went wrong on the hub's side.
    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "The call to {Method} ended before its answer: {Reason}")]
    public static partial void CallAbandoned(this ILogger logger, string method, string reason);
}
