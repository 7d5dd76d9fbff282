using Hub.Consent.Identifiers;
using Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hub.Auth;

/// <summary>
/// The hub's part in JwtBearer's validation of a call's token, for every trusted issuer: a token seen
/// before is taken from <see cref="ValidatedTokens"/> (verifying an ES256 signature costs about
/// 200 µs, most of a simple call); the keys a new token names are fetched before JwtBearer looks for
/// them; a validated token becomes the call's <see cref="CallerIdentity"/>; a refusal keeps its reason.
/// </summary>
internal sealed class BearerEvents(ValidatedTokens validated, IssuerKeys keys, IOptions<AuthOptions> options) : JwtBearerEvents
{
    private const string Scheme = "Bearer ";

    public override async Task MessageReceived(MessageReceivedContext context)
    {
        if (BearerToken(context.Request) is not { } token)
        {
            return;
        }

        context.Token = token;
        if (validated.TryGet(token, out var known))
        {
            context.HttpContext.Features.Set(known!);
            context.Principal = known!.Principal;
            context.Success();
            return;
        }

        var jwt = Peek(token);
        if (jwt is null)
        {
            // Refused here rather than by JwtBearer, which logs a token it can't even read as an error of its own.
            await Refuse(context, BearerRefusal.Unauthenticated("The access token is not a signed JWT (JWS compact form); encrypted tokens (JWE) are not accepted."));
            return;
        }

        if (!keys.IsTrusted(jwt.Issuer))
        {
            await Refuse(context, BearerRefusal.Unauthenticated("The access token's issuer is not trusted."));
            return;
        }

        try
        {
            await keys.EnsureKeyAsync(jwt.Issuer, jwt.Kid, context.HttpContext.RequestAborted);
        }
        catch (Exception exception) when (DatabaseFailure.IsUnavailable(exception))
        {
            await Refuse(context, BearerRefusal.DatabaseUnavailable);
        }
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var token = (JsonWebToken)context.SecurityToken;
        var agencyClaim = keys.AgencyClaimOf(token.Issuer);
        AgencyId? agency = null;
        if (token.TryGetPayloadValue<string>(agencyClaim, out var agencyText))
        {
            if (!OpaqueId.TryParse<AgencyId>(agencyText, out var parsed))
            {
                return Refuse(context, BearerRefusal.Unauthenticated("The access token's agency id is malformed."));
            }

            agency = parsed;
        }

        var clientId = token.TryGetPayloadValue<string>(HubClaims.ClientId, out var named) ? named : token.Subject;
        if (string.IsNullOrEmpty(clientId))
        {
            return Refuse(context, BearerRefusal.Unauthenticated("The access token names no client."));
        }

        if (clientId.Contains('\0', StringComparison.Ordinal))
        {
            // The client is looked up in PostgreSQL, whose text can't hold U+0000.
            return Refuse(context, BearerRefusal.Unauthenticated("The access token's client id is malformed."));
        }

        var scopes = context.Principal!.FindAll(HubClaims.Scope)
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        var caller = new CallerIdentity(clientId, agency, scopes, token.Issuer, context.Principal);
        context.HttpContext.Features.Set(caller);
        validated.Add(BearerToken(context.Request)!, caller, token.ValidTo + options.Value.ClockSkew);
        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        if (context.HttpContext.Features.Get<BearerRefusal>() is null)
        {
            context.HttpContext.Features.Set(BearerRefusal.For(context.Exception));
        }

        return Task.CompletedTask;
    }

    /// <summary>The bearer token of the request, or null when it has none.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        // Read straight from the header: building the whole metadata collection would cost every call.
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim()
            : null;
    }

    /// <summary>The token's header and claims, unverified, or null when it is no signed JWT (JWS) at all.</summary>
    public static JsonWebToken? Peek(string token)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.IsEncrypted ? null : jwt;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Fails authentication, keeping on the request what the refused call is to be answered.</summary>
    private static Task Refuse(ResultContext<JwtBearerOptions> context, BearerRefusal refusal)
    {
        context.HttpContext.Features.Set(refusal);
        context.Fail(refusal.Answer.Status.Detail);
        return Task.CompletedTask;
    }
}
