using Google.Protobuf.WellKnownTypes;

namespace Hub.Protocol;

/// <summary>
/// Ends a call with a non-OK status. Thrown by server handlers to answer with that status, and by
/// the client when a call completes with one.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status, Metadata? trailers = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    public RpcException()
        : this(new Status(StatusCode.Unknown, string.Empty))
    {
    }

    public RpcException(string message)
        : this(new Status(StatusCode.Unknown, message))
    {
    }

    public RpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = new Status(StatusCode.Unknown, message);
        Trailers = new Metadata();
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.Code;

    public Metadata Trailers { get; }

    /// <summary>
    /// A status carrying a <c>google.rpc.ErrorInfo</c> in its rich details, so partner systems can act
    /// on <paramref name="reason"/> rather than parse the message.
    /// </summary>
    public static RpcException WithErrorInfo(
        StatusCode code,
        string message,
        string reason,
        string domain,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new Google.Rpc.ErrorInfo { Reason = reason, Domain = domain };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            info.Metadata[key] = value;
        }

        var rich = new Google.Rpc.Status { Code = (int)code, Message = message };
        rich.Details.Add(Any.Pack(info));
        return new RpcException(new Status(code, message, rich));
    }
}
