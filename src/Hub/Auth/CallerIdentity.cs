using System.Security.Claims;
using Grpc.Core;
using Hub.Consent.Identifiers;
using Hub.Rpc;

namespace Hub.Auth;

/// <summary>
/// Who is calling, as the validated access token says: an agency's system, or the operator. Set on
/// the request by authentication; <see cref="Principal"/> is what ASP.NET Core authorization sees.
/// </summary>
internal sealed record CallerIdentity(string ClientId, AgencyId? AgencyId, IReadOnlySet<string> Scopes, string Issuer, ClaimsPrincipal Principal)
{
    /// <summary>The caller's agency; an RPC that acts for an agency refuses the operator with this.</summary>
    public AgencyId RequireAgency() =>
        AgencyId ?? throw Errors.PermissionDenied("This call is made by an agency's system, not by the operator.", "AGENCY_REQUIRED");
}

/// <summary>The authenticated caller of a hub.v1 call.</summary>
internal static class CallerContextExtensions
{
    public static CallerIdentity Caller(this ServerCallContext context) =>
        context.GetHttpContext().Features.Get<CallerIdentity>()
        ?? throw new InvalidOperationException("The call was not authenticated; does its endpoint require a scope policy?");
}
