using Google.Protobuf.Reflection;
using Hub.Protocol;
using Hub.Storage;

namespace Hub.Rpc;

/// <summary>
/// Turns what PostgreSQL said into answers a client can act on: UNAVAILABLE / DATABASE_UNAVAILABLE
/// while the database can't be reached (retrying is safe), ALREADY_EXISTS for a unique constraint.
/// Neither is the hub's fault, so neither is logged as an error; the health monitor reports the outage once.
/// </summary>
internal sealed class StorageFailureInterceptor : IServerCallInterceptor
{
    public ValueTask OnCallStartingAsync(ServerCallContext context, MethodDescriptor method) => ValueTask.CompletedTask;

    public RpcException? TranslateException(ServerCallContext context, Exception exception) =>
        DatabaseFailure.IsUnavailable(exception) ? Errors.DatabaseUnavailable()
        : UniqueConstraints.TryAnswer(exception, out var reason, out var message) ? Errors.AlreadyExists(message, reason, new Dictionary<string, string>())
        : null;
}
