using System.Collections.Concurrent;
using Google.Protobuf.Reflection;
using Hub.Protocol;
using Hub.Rpc;
using Hub.V1;

namespace Hub.Auth;

/// <summary>
/// Authenticates every call to the hub's own services (package hub.v1) before its request is read:
/// a valid bearer token (UNAUTHENTICATED otherwise) from an enabled client, carrying the scope the
/// RPC declares with the <c>(hub.v1.required_scope)</c> option (PERMISSION_DENIED otherwise).
/// Health and reflection stay open, as monitors and tools expect.
/// </summary>
internal sealed class AuthInterceptor(AccessTokenValidator validator, CallerStatus status, ILogger<AuthInterceptor> logger) : IServerCallInterceptor
{
    private const string HubPackage = "hub.v1";

    private static readonly ConcurrentDictionary<MethodDescriptor, string> RequiredScopes = new();

    public async ValueTask OnCallStartingAsync(ServerCallContext context, MethodDescriptor method)
    {
        if (method.File.Package != HubPackage)
        {
            return;
        }

        try
        {
            var caller = await validator.ValidateAsync(BearerToken(context), context.CancellationToken);
            if (!await status.IsActiveAsync(caller, context.CancellationToken))
            {
                throw Errors.Unauthenticated("The client is disabled.");
            }

            var scope = RequiredScopes.GetOrAdd(method, static method => method.GetOptions()?.GetExtension(OptionsExtensions.RequiredScope) ?? string.Empty);
            if (scope.Length > 0 && !caller.Scopes.Contains(scope))
            {
                throw Errors.ScopeMissing(scope);
            }

            context.HttpContext.Features.Set(caller);
        }
        catch (RpcException refused)
        {
            logger.CallRefused(context.Method, refused.Status.Detail);
            throw;
        }
    }

    private static string BearerToken(ServerCallContext context)
    {
        // Read straight from the request: building the whole metadata collection would cost every call.
        string? header = context.HttpContext.Request.Headers.Authorization;
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
        context.HttpContext.Features.Get<CallerIdentity>()
        ?? throw new InvalidOperationException("The call was not authenticated; is AuthInterceptor registered?");
}
