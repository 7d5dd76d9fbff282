using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Hub.Auth;

/// <summary>
/// A refused gRPC call is answered as gRPC clients expect: HTTP 200 with the status, its message and
/// its ErrorInfo (UNAUTHENTICATED_CLIENT, SCOPE_MISSING, DATABASE_UNAVAILABLE) in a Trailers-Only
/// response, not a bare 401 or 403 that a gRPC client can only report as a transport error.
/// </summary>
internal sealed class GrpcRefusals(ILogger<GrpcRefusals> logger) : IAuthorizationMiddlewareResultHandler
{
    private const string DetailsHeader = "grpc-status-details-bin";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var answer = Answer(context, authorizeResult);
        logger.CallRefused(context.Request.Path, answer.Status.Detail);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(answer.Status.Detail);
        if (answer.Trailers.GetValueBytes(DetailsHeader) is { } details)
        {
            response.Headers[DetailsHeader] = Convert.ToBase64String(details);
        }

        await response.CompleteAsync();
    }

    private static RpcException Answer(HttpContext context, PolicyAuthorizationResult result)
    {
        if (result.AuthorizationFailure?.FailureReasons.OfType<RefusalReason>().FirstOrDefault() is { } reason)
        {
            return reason.Answer;
        }

        return context.Features.Get<BearerRefusal>()?.Answer
            ?? (BearerEvents.BearerToken(context.Request) is null
                ? Rpc.Errors.Unauthenticated("The call needs an 'authorization: Bearer <token>' header.")
                : Rpc.Errors.Unauthenticated("The access token is unusable."));
    }
}
