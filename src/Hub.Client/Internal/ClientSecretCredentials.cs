using Duende.IdentityModel.Client;

namespace Hub.Client.Internal;

/// <summary>client_secret_basic: the client id and secret in the Authorization header.</summary>
internal sealed class ClientSecretCredentials : HubClientCredentials
{
    private readonly string _secret;

    public ClientSecretCredentials(string clientId, string clientSecret)
        : base(clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        _secret = clientSecret;
    }

    internal override void Authenticate(ClientCredentialsTokenRequest request, DateTimeOffset now)
    {
        request.ClientId = ClientId;
        request.ClientSecret = _secret;
        request.ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader;
        // RFC 6749 form-encodes both halves first, so a ':' in the client id can't split the pair in the wrong place.
        request.AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749;
    }
}
