using Microsoft.Extensions.Logging;

namespace Hub.Protocol.Internal;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Error when executing service method '{Method}'.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Call '{Method}' ended with status {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(3, LogLevel.Debug, "Call '{Method}' was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "Call '{Method}' exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Information, "Request for unimplemented {Kind} '{Path}'.")]
    public static partial void Unimplemented(ILogger logger, string kind, string path);

    [LoggerMessage(6, LogLevel.Debug, "Refused a request to '{Path}': {Reason}")]
    public static partial void RequestRefused(ILogger logger, string path, string reason);
}
