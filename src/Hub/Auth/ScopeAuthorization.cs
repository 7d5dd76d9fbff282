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
        // No AddAuthenticationSchemes: the default scheme has authenticated the request already, and
        // naming it here would make the authorization middleware authenticate every call a second time.
        services.AddAuthorization(options =>
        {
            options.AddPolicy(AnyValidTokenPolicy, policy => policy.AddRequirements(new DeclaredAccessRequirement(null)));
            foreach (var scope in HubRpcs.RequiredScopes.Values.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                options.AddPolicy(PolicyFor(scope), policy => policy.AddRequirements(new DeclaredAccessRequirement(scope)));
            }
        });
        services.AddSingleton<IAuthorizationHandler, DeclaredAccessHandler>();
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
}

/// <summary>
/// One requirement per policy, checked by one handler, because it runs on every call: an authenticated
/// caller, whose client is still enabled (disabling a client stops the tokens it holds, within
/// <see cref="CallerStatus.CacheFor"/> on every node), holding <paramref name="Scope"/> unless that is null.
/// </summary>
internal sealed record DeclaredAccessRequirement(string? Scope) : IAuthorizationRequirement;

/// <summary>An authorization failure that says what to answer the call.</summary>
internal sealed class RefusalReason(IAuthorizationHandler handler, Grpc.Core.RpcException answer) : AuthorizationFailureReason(handler, answer.Status.Detail)
{
    public Grpc.Core.RpcException Answer { get; } = answer;
}

internal sealed class DeclaredAccessHandler(CallerStatus status) : AuthorizationHandler<DeclaredAccessRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, DeclaredAccessRequirement requirement)
    {
        // No caller: authentication failed, and the refusal it recorded is the answer.
        if (context.Resource is not HttpContext http || http.Features.Get<CallerIdentity>() is not { } caller)
        {
            return;
        }

        bool active;
        try
        {
            active = await status.IsActiveAsync(caller, http.RequestAborted);
        }
        catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
        {
            context.Fail(new RefusalReason(this, Errors.DatabaseUnavailable()));
            return;
        }

        // A disabled client's scopes don't matter.
        if (!active)
        {
            context.Fail(new RefusalReason(this, Errors.Unauthenticated("The client is disabled.")));
        }
        else if (requirement.Scope is { } scope && !caller.Scopes.Contains(scope))
        {
            context.Fail(new RefusalReason(this, Errors.ScopeMissing(scope)));
        }
        else
        {
            context.Succeed(requirement);
        }
    }
}
