using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hub.Tests.Auth;

/// <summary>
/// Tokens from another authority (say a Duende IdentityServer the deployment already runs) are
/// accepted when its issuer is configured, verified against the keys its JWKS URL publishes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExternalIssuerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Issuer = "https://identity.example.test";
    private readonly RSA _issuerKey = RSA.Create(2048);
    private WebApplication _identityProvider = null!;
    private HubServer _hub = null!;
    private TestAgency _agency = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _identityProvider = builder.Build();
        var jwks = new JsonObject { ["keys"] = new JsonArray(Jwts.PublicJwk(_issuerKey, "idp-key-1")) }.ToJsonString();
        _identityProvider.MapGet("/jwks", () => Results.Content(jwks, "application/json"));
        await _identityProvider.StartAsync();
        var jwksUri = _identityProvider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/jwks";

        _hub = await HubServer.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Hub:Auth:ExternalIssuers:0:Issuer"] = Issuer,
            ["Hub:Auth:ExternalIssuers:0:JwksUri"] = jwksUri,
        });
        _agency = await _hub.RegisterAgencyAsync("Shinjuku Welfare and Counselling Office", AgencyKind.Welfare);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _identityProvider.DisposeAsync();
        _issuerKey.Dispose();
    }

    [Fact]
    public async Task A_token_of_the_configured_issuer_is_accepted()
    {
        var token = Jwts.Rs256(Claims(), _issuerKey, "idp-key-1");

        var person = await _hub.Channel(token).People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1988-12-24" });

        Assert.Contains(person.Person.Links, link => link.AgencyId == _agency.AgencyId);
    }

    [Fact]
    public async Task A_kid_the_issuer_does_not_publish_is_unauthenticated()
    {
        using var other = RSA.Create(2048);

        await AssertUnauthenticatedAsync(Jwts.Rs256(Claims(), other, "idp-key-2"));
    }

    [Fact]
    public async Task An_hmac_token_claiming_the_issuer_is_unauthenticated()
    {
        await AssertUnauthenticatedAsync(Jwts.Hs256(Claims(), _issuerKey.ExportRSAPublicKey(), "idp-key-1"));
    }

    private async Task AssertUnauthenticatedAsync(string token)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _hub.Channel(token).People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1988-12-24" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
    }

    private JsonObject Claims() => new()
    {
        ["iss"] = Issuer,
        ["aud"] = "interop-hub",
        ["sub"] = "welfare-office-system",
        ["client_id"] = "welfare-office-system",
        ["agency_id"] = _agency.AgencyId,
        ["scope"] = "hub.cases hub.consent",
        ["exp"] = Jwts.Now + 300,
    };
}
