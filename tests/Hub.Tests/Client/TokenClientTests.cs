using System.Net;
using System.Security.Cryptography;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Client;

[Collection(PostgresCollection.Name)]
public sealed class TokenClientTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(postgres);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task A_client_secret_gets_a_token_the_hub_accepts()
    {
        var agency = await _hub.RegisterAgencyAsync("Shinjuku Employment Support Centre", AgencyKind.Employment);
        var tokens = new TokenClient(_http, _hub.TokenEndpoint, HubClientCredentials.FromSecret(agency.ClientId, agency.ClientSecret));

        var token = await tokens.RequestTokenAsync();

        Assert.Equal("Bearer", token.TokenType);
        Assert.Equal(TimeSpan.FromSeconds(300), token.Lifetime);
        Assert.Contains("hub.cases", token.Scopes);
        Assert.DoesNotContain(token.Value, token.ToString(), StringComparison.Ordinal);
        var answer = await _hub.Channel(token.Value).Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = agency.AgencyId });
        Assert.Equal("Shinjuku Employment Support Centre", answer.Agency.Name);
    }

    [Fact]
    public async Task A_scope_narrows_the_token()
    {
        var agency = await _hub.RegisterAgencyAsync("Minami Special Needs School", AgencyKind.School);
        var tokens = new TokenClient(_http, _hub.TokenEndpoint, HubClientCredentials.FromSecret(agency.ClientId, agency.ClientSecret));

        var token = await tokens.RequestTokenAsync("hub.cases");

        Assert.Equal(["hub.cases"], token.Scopes);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_with_the_OAuth_error()
    {
        var agency = await _hub.RegisterAgencyAsync("Shinjuku Welfare and Counselling Office");
        var tokens = new TokenClient(_http, _hub.TokenEndpoint, HubClientCredentials.FromSecret(agency.ClientId, "not-the-secret"));

        var refused = await Assert.ThrowsAsync<TokenRequestException>(() => tokens.RequestTokenAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_client", refused.Error);
        Assert.Equal("Client authentication failed.", refused.ErrorDescription);
        Assert.Contains("invalid_client", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("RS256")]
    public async Task A_private_key_gets_tokens_once_its_public_key_is_registered(string algorithm)
    {
        var agency = await _hub.RegisterAgencyAsync("Tokyo Metropolitan Hospital, psychiatry", AgencyKind.Medical);
        using AsymmetricAlgorithm key = algorithm == "ES256" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var keyId = await AddKeyAsync(agency.AgencyId, key);
        var tokens = new TokenClient(_http, _hub.TokenEndpoint, Credentials(agency.ClientId, key, keyId));

        // The token service refuses a replayed assertion, so a second request proves each one is fresh.
        var first = await tokens.RequestTokenAsync();
        var second = await tokens.RequestTokenAsync();

        Assert.Contains("hub.cases", second.Scopes);
        var answer = await _hub.Channel(first.Value).Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = agency.AgencyId });
        Assert.Equal(agency.ClientId, answer.Agency.ClientId);
    }

    [Fact]
    public async Task An_assertion_signed_by_a_key_that_was_not_registered_is_refused()
    {
        var agency = await _hub.RegisterAgencyAsync("Tokyo Metropolitan Hospital, psychiatry", AgencyKind.Medical);
        using var registered = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = await AddKeyAsync(agency.AgencyId, registered);
        var tokens = new TokenClient(_http, _hub.TokenEndpoint, HubClientCredentials.FromPrivateKey(agency.ClientId, other, keyId));

        var refused = await Assert.ThrowsAsync<TokenRequestException>(() => tokens.RequestTokenAsync());

        Assert.Equal("invalid_client", refused.Error);
    }

    private async Task<string> AddKeyAsync(string agencyId, AsymmetricAlgorithm key)
    {
        var admin = await _hub.AdminAsync();
        var added = await admin.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = agencyId, PublicKeyJwk = TestKeys.PublicJwk(key) });
        return added.KeyId;
    }

    private static HubClientCredentials Credentials(string clientId, AsymmetricAlgorithm key, string keyId) => key switch
    {
        ECDsa ec => HubClientCredentials.FromPrivateKey(clientId, ec, keyId),
        RSA rsa => HubClientCredentials.FromPrivateKey(clientId, rsa, keyId),
        _ => throw new ArgumentException("An ECDsa or RSA key.", nameof(key)),
    };
}
