using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Client.Internal;

/// <summary>private_key_jwt (RFC 7523): a short-lived assertion signed with the client's key, in the request body.</summary>
internal sealed class PrivateKeyCredentials : HubClientCredentials
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private static readonly JsonWebTokenHandler Tokens = new();

    private readonly SigningCredentials _signing;

    public PrivateKeyCredentials(string clientId, SecurityKey key, string algorithm)
        : base(clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.KeyId);
        _signing = new SigningCredentials(key, algorithm);
    }

    internal override void Authenticate(ClientCredentialsTokenRequest request, DateTimeOffset now)
    {
        var assertion = Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ClientId,
            Audience = request.Address,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtClaimTypes.Subject, ClientId),
                // The token service refuses a jti it has seen, so each assertion gets a new random one.
                new Claim(JwtClaimTypes.JwtId, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = _signing,
        });
        request.ClientId = ClientId;
        request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
        request.ClientAssertion = new ClientAssertion { Type = OidcConstants.ClientAssertionTypes.JwtBearer, Value = assertion };
    }
}
