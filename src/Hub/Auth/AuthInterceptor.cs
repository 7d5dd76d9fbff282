using Grpc.Core;
using Hub.Rpc;

namespace Hub.Auth;

/// <summary>
/// Authenticates every call to the hub's own services (package hub.v1): a valid bearer token
/// (UNAUTHENTICATED otherwise) from an enabled client, carrying the scope the RPC declares with
/// <c>(hub.v1.required_scope)</c> (PERMISSION_DENIED otherwise). Health and reflection stay open, as
/// monitors and tools expect.
/// </summary>
internal sealed class AuthInterceptor(AccessTokenValidator validator, CallerStatus status, ILogger<AuthInterceptor> logger) : CallCheckInterceptor
{
    protected override async ValueTask CheckAsync(ServerCallContext context, object? request)
    {
        if (!HubRpcs.RequiredScopes.TryGetValue(context.Method, out var scope))
        {
            return;
        }

        var http = context.GetHttpContext();
        try
        {
            var caller = await validator.ValidateAsync(BearerToken(http), context.CancellationToken);
            if (!await status.IsActiveAsync(caller, context.CancellationToken))
            {
                throw Errors.Unauthenticated("The client is disabled.");
            }

            if (scope is not null && !caller.Scopes.Contains(scope))
            {
                throw Errors.ScopeMissing(scope);
            }

            http.Features.Set(caller);
        }
        catch (RpcException refused)
        {
            logger.CallRefused(context.Method, refused.Status.Detail);
            throw;
        }
    }

    private static string BearerToken(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        const string Scheme = "Bearer ";
        return header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim()
            : throw Errors.Unauthenticated("The call needs an 'authorization: Bearer <token>' header.");
    }
}

/// <summary>The authenticated caller of a hub.v1 call.</summary>
internal static class CallerContextExtensions
{
    public static CallerIdentity Caller(this ServerCallContext context) =>
        context.GetHttpContext().Features.Get<CallerIdentity>()
        ?? throw new InvalidOperationException("The call was not authenticated; is AuthInterceptor registered?");
}
