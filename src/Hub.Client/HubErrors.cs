using Google.Rpc;
using Grpc.Core;

namespace Hub.Client;

/// <summary>Reading the hub's refusals: every one carries a <c>google.rpc.ErrorInfo</c> in domain <c>hub.v1</c>.</summary>
public static class HubErrors
{
    public const string Domain = "hub.v1";

    /// <summary>The ErrorInfo of the status's rich details (<c>grpc-status-details-bin</c>), or null when it has none.</summary>
    public static ErrorInfo? GetErrorInfo(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetRpcStatus()?.GetDetail<ErrorInfo>();
    }

    /// <summary>The ErrorInfo reason (CONSENT_MISSING, NOT_FOUND, …) a partner system acts on, or null.</summary>
    public static string? GetReason(this RpcException exception) => exception.GetErrorInfo()?.Reason;
}
