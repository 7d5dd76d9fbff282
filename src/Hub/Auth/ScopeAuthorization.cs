using Grpc.AspNetCore.Server;
using Hub.Rpc;
using Hub.Storage;
using Microsoft.AspNetCore.Authorization;

namespace Hub.Auth;

/// <summary>
/// The access each hub RPC declares in the contract, as ASP.NET Core authorization policies: a
/// valid token of an enabled client and, unless the RPC says any valid token will do, its scope.
/// </summary>
internal static class ScopeAuthorization
{
    public const string AnyValidTokenPolicy = "hub:any-valid-token";

    public static string PolicyFor(string scope) => "hub:scope:" + scope;

    public static IServiceCollection AddHubScopeAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization(options =>
        {
            // A token that fails one check is not put through the next (a disabled client's scopes don't matter).
            options.InvokeHandlersAfterFailure = false;
            options.AddPolicy(AnyValidTokenPolicy, policy => Base(policy));
            foreach (var scope in HubRpcs.RequiredScopes.Values.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                options.AddPolicy(PolicyFor(scope), policy => Base(policy).AddRequirements(new ScopeRequirement(scope)));
            }
        });
        services.AddSingleton<IAuthorizationHandler, ActiveClientHandler>();
        services.AddSingleton<IAuthorizationHandler, ScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcRefusals>();
        return services;
    }

    /// <summary>Puts on every RPC endpoint of the service the policy its contract declares; an RPC that declares none stops the hub from starting.</summary>
    public static TBuilder RequireDeclaredAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is not { } grpc)
            {
                return;
            }

            var path = grpc.Method.FullName;
            if (!HubRpcs.RequiredScopes.TryGetValue(path, out var scope))
            {
                throw new InvalidOperationException($"{path} is served but declares no access in the contract.");
            }

            endpoint.Metadata.Add(new AuthorizeAttribute(scope is null ? AnyValidTokenPolicy : PolicyFor(scope)));
        });
        return builder;
    }

    // No AddAuthenticationSchemes: the default scheme has authenticated the request already, and
    // naming it here would make the authorization middleware authenticate every call a second time.
    /// <summary>The call being authorized and its authenticated caller, or null before authentication has named one.</summary>
    public static (HttpContext Http, CallerIdentity Caller)? CallerOf(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http && http.Features.Get<CallerIdentity>() is { } caller ? (http, caller) : null;

    private static AuthorizationPolicyBuilder Base(AuthorizationPolicyBuilder policy) => policy
        .RequireAuthenticatedUser()
        .AddRequirements(ActiveClientRequirement.Instance);
}

/// <summary>The caller's client is still enabled: disabling a client stops the tokens it holds, within <see cref="CallerStatus.CacheFor"/> on every node.</summary>
internal sealed class ActiveClientRequirement : IAuthorizationRequirement
{
    public static ActiveClientRequirement Instance { get; } = new();
}

internal sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>An authorization failure that says what to answer the call.</summary>
internal sealed class RefusalReason(IAuthorizationHandler handler, Grpc.Core.RpcException answer) : AuthorizationFailureReason(handler, answer.Status.Detail)
{
    public Grpc.Core.RpcException Answer { get; } = answer;
}

internal sealed class ActiveClientHandler(CallerStatus status) : AuthorizationHandler<ActiveClientRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveClientRequirement requirement)
    {
        if (ScopeAuthorization.CallerOf(context) is not var (http, caller))
        {
            return;
        }

        try
        {
            if (await status.IsActiveAsync(caller, http.RequestAborted))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new RefusalReason(this, Errors.Unauthenticated("The client is disabled.")));
            }
        }
        catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
        {
            context.Fail(new RefusalReason(this, Errors.DatabaseUnavailable()));
        }
    }
}

internal sealed class ScopeHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (ScopeAuthorization.CallerOf(context) is var (_, caller))
        {
            if (caller.Scopes.Contains(requirement.Scope))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new RefusalReason(this, Errors.ScopeMissing(requirement.Scope)));
            }
        }

        return Task.CompletedTask;
    }
}
