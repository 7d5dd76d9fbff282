using System.Security.Cryptography;
using Duende.IdentityModel.Client;
using Hub.Client.Internal;
using Microsoft.IdentityModel.Tokens;

namespace Hub.Client;

/// <summary>
/// How a partner system proves who it is to the hub's token service: its client id with either the
/// client secret the operator handed out, or a private key whose public half the operator registered
/// (private_key_jwt, RFC 7523).
/// </summary>
public abstract class HubClientCredentials
{
    private protected HubClientCredentials(string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ClientId = clientId;
    }

    public string ClientId { get; }

    /// <summary>Authenticates with the client secret (client_secret_basic).</summary>
    public static HubClientCredentials FromSecret(string clientId, string clientSecret) => new ClientSecretCredentials(clientId, clientSecret);

    /// <summary>
    /// Authenticates with ES256 assertions signed by a P-256 key. <paramref name="keyId"/> is the id
    /// AddClientKey returned for its public half. The key is used, not copied: keep it undisposed
    /// while these credentials are in use.
    /// </summary>
    public static HubClientCredentials FromPrivateKey(string clientId, ECDsa privateKey, string keyId)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.KeySize != 256)
        {
            throw new ArgumentException("ES256 needs a P-256 key.", nameof(privateKey));
        }

        return new PrivateKeyCredentials(clientId, new ECDsaSecurityKey(privateKey) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>
    /// Authenticates with RS256 assertions signed by an RSA key of at least 2048 bits. <paramref name="keyId"/>
    /// is the id AddClientKey returned for its public half. The key is used, not copied: keep it
    /// undisposed while these credentials are in use.
    /// </summary>
    public static HubClientCredentials FromPrivateKey(string clientId, RSA privateKey, string keyId)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.KeySize < 2048)
        {
            throw new ArgumentException("RS256 needs an RSA key of at least 2048 bits.", nameof(privateKey));
        }

        return new PrivateKeyCredentials(clientId, new RsaSecurityKey(privateKey) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
    }

    /// <summary>Adds this client's authentication to a token request about to be sent at <paramref name="now"/>.</summary>
    internal abstract void Authenticate(ClientCredentialsTokenRequest request, DateTimeOffset now);
}
