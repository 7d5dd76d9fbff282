using System.Net.Http.Headers;
using System.Text;

namespace Hub.Client.Internal;

/// <summary>client_secret_basic: the id and secret in an HTTP Basic header, each form-url-encoded first (RFC 6749 §2.3.1).</summary>
internal sealed class ClientSecretCredentials : HubClientCredentials
{
    private readonly string _secret;

    public ClientSecretCredentials(string clientId, string clientSecret)
        : base(clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        _secret = clientSecret;
    }

    internal override void Authenticate(HttpRequestMessage request, IDictionary<string, string> form, Uri tokenEndpoint, DateTimeOffset now)
    {
        // Without the encoding step a ':' in the client id would split the pair in the wrong place.
        var pair = Uri.EscapeDataString(ClientId) + ":" + Uri.EscapeDataString(_secret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
    }
}
