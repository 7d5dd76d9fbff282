namespace Hub.Client.Internal;

/// <summary>private_key_jwt: a fresh signed assertion in the form for every token request (RFC 7523 §2.2).</summary>
internal sealed class PrivateKeyCredentials : HubClientCredentials
{
    private readonly string _keyId;
    private readonly string _algorithm;
    private readonly Func<byte[], byte[]> _sign;

    public PrivateKeyCredentials(string clientId, string keyId, string algorithm, Func<byte[], byte[]> sign)
        : base(clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        _keyId = keyId;
        _algorithm = algorithm;
        _sign = sign;
    }

    internal override void Authenticate(HttpRequestMessage request, IDictionary<string, string> form, Uri tokenEndpoint, DateTimeOffset now)
    {
        form["client_assertion_type"] = ClientAssertion.Type;
        form["client_assertion"] = ClientAssertion.Create(ClientId, tokenEndpoint, now, _algorithm, _keyId, _sign);
    }
}
