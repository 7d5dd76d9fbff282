using Grpc.Core;
using Hub.Rpc;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Auth;

/// <summary>Why authentication refused a call's token, in words a partner developer can act on; set on the request for the refusal's answer.</summary>
internal sealed record BearerRefusal(RpcException Answer)
{
    public static BearerRefusal DatabaseUnavailable { get; } = new(Errors.DatabaseUnavailable());

    public static BearerRefusal Unauthenticated(string message) => new(Errors.Unauthenticated(message));

    /// <summary>What Microsoft.IdentityModel's validation failure means for the caller.</summary>
    public static BearerRefusal For(Exception failure) => Unauthenticated(failure switch
    {
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet.",
        SecurityTokenNoExpirationException => "The access token has no expiry.",
        SecurityTokenInvalidAudienceException => "The access token is for another audience.",
        SecurityTokenInvalidIssuerException => "The access token's issuer is not trusted.",
        SecurityTokenInvalidTypeException => "The token is not an access token (its typ must be at+jwt).",
        SecurityTokenInvalidAlgorithmException => "The access token's algorithm is not accepted from its issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature does not verify.",
        SecurityTokenDecryptionFailedException => "Encrypted tokens (JWE) are not accepted.",
        _ => "The access token is unusable.",
    });
}
