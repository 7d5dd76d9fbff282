using Hub.Consent;
using Hub.Protocol;

namespace Hub.Rpc;

/// <summary>
/// The hub's errors as partner systems see them: a gRPC status with a <c>google.rpc.ErrorInfo</c>
/// in domain <c>hub.v1</c> whose reason they can act on (DESIGN.md §3).
/// </summary>
internal static class Errors
{
    public const string Domain = "hub.v1";

    public static RpcException Unauthenticated(string message) =>
        RpcException.WithErrorInfo(StatusCode.Unauthenticated, message, "UNAUTHENTICATED_CLIENT", Domain);

    public static RpcException ScopeMissing(string scope) =>
        RpcException.WithErrorInfo(StatusCode.PermissionDenied, $"The access token lacks the scope '{scope}'.", "SCOPE_MISSING", Domain,
            new Dictionary<string, string> { ["scope"] = scope });

    public static RpcException PermissionDenied(string message, string reason) =>
        RpcException.WithErrorInfo(StatusCode.PermissionDenied, message, reason, Domain);

    /// <summary>
    /// The one answer for "no such thing" and "not yours to know about": an agency without a link or
    /// consent can't tell a person exists.
    /// </summary>
    public static RpcException NotFound(string what) =>
        RpcException.WithErrorInfo(StatusCode.NotFound, $"{what} not found.", "NOT_FOUND", Domain);

    public static RpcException InvalidField(string field, string message) => InvalidArgument(field, message, "INVALID_FIELD");

    public static RpcException AlreadyExists(string message, string reason, IReadOnlyDictionary<string, string> metadata) =>
        RpcException.WithErrorInfo(StatusCode.AlreadyExists, message, reason, Domain, metadata);

    public static RpcException FailedPrecondition(string message, string reason) =>
        RpcException.WithErrorInfo(StatusCode.FailedPrecondition, message, reason, Domain);

    /// <summary>INVALID_ARGUMENT with a reason of its own, for a field partners must fix in a particular way.</summary>
    public static RpcException InvalidArgument(string field, string message, string reason) =>
        RpcException.WithErrorInfo(StatusCode.InvalidArgument, message, reason, Domain, new Dictionary<string, string> { ["field"] = field });

    public static RpcException ResourceExhausted(string message, string reason) =>
        RpcException.WithErrorInfo(StatusCode.ResourceExhausted, message, reason, Domain);

    /// <summary>The hub can't do this right now but may soon (the database is unreachable, say); retrying is safe.</summary>
    public static RpcException Unavailable(string message, string reason) =>
        RpcException.WithErrorInfo(StatusCode.Unavailable, message, reason, Domain);

    /// <summary>The hub's database can't be reached right now; nothing was done, and retrying later is safe.</summary>
    public static RpcException DatabaseUnavailable() =>
        Unavailable("The hub's database is unreachable right now; nothing was done. Retry shortly.", "DATABASE_UNAVAILABLE");

    /// <summary>
    /// A grant the consent rules refuse (C1, C2, C4, C6), naming the field and, for C4, the category.
    /// GUARDIAN_REQUIRED is FAILED_PRECONDITION: the request is well formed, the person's age is what stands in the way.
    /// </summary>
    public static RpcException GrantRefused(GrantViolation violation)
    {
        var metadata = new Dictionary<string, string> { ["field"] = violation.Field };
        if (violation.Category is { } category)
        {
            metadata["category"] = ProtoNames.Of((V1.DataCategory)category);
        }

        var code = violation.Reason == GrantViolationReason.GuardianRequired ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument;
        return RpcException.WithErrorInfo(code, violation.Message, violation.Reason.ToErrorInfoReason(), Domain, metadata);
    }
}
