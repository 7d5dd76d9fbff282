using System.Collections.Frozen;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Hub.Rpc;

/// <summary>
/// The hub's errors as partner systems see them: a gRPC status with a <c>google.rpc.ErrorInfo</c>
/// in domain <c>hub.v1</c> whose reason they can act on (DESIGN.md §3).
/// </summary>
internal static class Errors
{
    public const string Domain = "hub.v1";

    /// <summary>A field is missing or malformed; the ErrorInfo metadata <c>field</c> names it.</summary>
    public const string InvalidFieldReason = "INVALID_FIELD";

    /// <summary>
    /// The one way the hub builds a refusal: the status, and in its rich details
    /// (<c>grpc-status-details-bin</c>) an ErrorInfo with the reason and its metadata.
    /// </summary>
    public static RpcException Create(StatusCode code, string message, string reason, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata ?? FrozenDictionary<string, string>.Empty)
        {
            info.Metadata[key] = value;
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } }.ToRpcException();
    }

    public static RpcException Unauthenticated(string message) =>
        Create(StatusCode.Unauthenticated, message, "UNAUTHENTICATED_CLIENT");

    public static RpcException ScopeMissing(string scope) =>
        Create(StatusCode.PermissionDenied, $"The access token lacks the scope '{scope}'.", "SCOPE_MISSING",
            new Dictionary<string, string> { ["scope"] = scope });

    public static RpcException PermissionDenied(string message, string reason) =>
        Create(StatusCode.PermissionDenied, message, reason);

    /// <summary>
    /// The one answer for "no such thing" and "not yours to know about": an agency without a link or
    /// consent can't tell a person exists.
    /// </summary>
    public static RpcException NotFound(string what) =>
        Create(StatusCode.NotFound, $"{what} not found.", "NOT_FOUND");

    public static RpcException InvalidField(string field, string message) => InvalidArgument(field, message, InvalidFieldReason);

    public static RpcException AlreadyExists(string message, string reason, IReadOnlyDictionary<string, string> metadata) =>
        Create(StatusCode.AlreadyExists, message, reason, metadata);

    public static RpcException FailedPrecondition(string message, string reason) =>
        Create(StatusCode.FailedPrecondition, message, reason);

    /// <summary>INVALID_ARGUMENT with a reason of its own, for a field partners must fix in a particular way.</summary>
    public static RpcException InvalidArgument(string field, string message, string reason) =>
        Create(StatusCode.InvalidArgument, message, reason, new Dictionary<string, string> { ["field"] = field });

    public static RpcException ResourceExhausted(string message, string reason) =>
        Create(StatusCode.ResourceExhausted, message, reason);

    /// <summary>The hub can't do this right now but may soon (the database is unreachable, say); retrying is safe.</summary>
    public static RpcException Unavailable(string message, string reason) =>
        Create(StatusCode.Unavailable, message, reason);

    /// <summary>The hub's database can't be reached right now; nothing was done, and retrying later is safe.</summary>
    public static RpcException DatabaseUnavailable() =>
        Unavailable("The hub's database is unreachable right now; nothing was done. Retry shortly.", "DATABASE_UNAVAILABLE");
}
