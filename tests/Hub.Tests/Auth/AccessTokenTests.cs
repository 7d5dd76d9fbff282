using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grpc.Core;
using Hub.Auth;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Auth;

/// <summary>Every hub.v1 call carries a bearer token; anything but a valid one of a trusted issuer is UNAUTHENTICATED.</summary>
[Collection(HubCollection.Name)]
public sealed class AccessTokenTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _agency = null!;

    public async Task InitializeAsync() => _agency = await _hub.RegisterAgencyAsync("Minami Special Needs School", AgencyKind.School);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        var response = await _agency.Channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = _agency.AgencyId });

        Assert.Equal("Minami Special Needs School", response.Agency.Name);
    }

    [Fact]
    public async Task No_token_is_unauthenticated()
    {
        await AssertUnauthenticatedAsync(null);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        var response = await _hub.Channel(null).Health().CheckAsync(new Grpc.Health.V1.HealthCheckRequest());

        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    public static TheoryData<string, Func<HubServer, TestAgency, Task<string>>> BadTokens => new()
    {
        { "garbage", (_, _) => Task.FromResult("not-a-token") },
        { "JWE shape", (_, _) => Task.FromResult("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d") },
        { "alg none", (hub, agency) => Task.FromResult(Jwts.Unsigned(ValidClaims(hub, agency))) },
        { "HS256 keyed with the hub's public key", HmacWithPublicKeyAsync },
        { "signed by an unknown key", (hub, agency) => Task.FromResult(Jwts.Es256(ValidClaims(hub, agency), ECDsa.Create(ECCurve.NamedCurves.nistP256), "unknown-kid")) },
        { "tampered scope", async (hub, agency) => Jwts.Tamper(await hub.TokenAsync(agency.ClientId, agency.ClientSecret, "hub.consent"), "scope", "hub.consent hub.cases hub.admin") },
        { "tampered agency", async (hub, agency) => Jwts.Tamper(await hub.TokenAsync(agency.ClientId, agency.ClientSecret), "agency_id", "ag_aaaaaaaaaaaaaaaaaaaaaaaaaa") },
        { "expired", (hub, agency) => SignWithHubKeyAsync(hub, Jwts.With(ValidClaims(hub, agency), "exp", Jwts.Now - 3600)) },
        { "not valid yet", (hub, agency) => SignWithHubKeyAsync(hub, Jwts.With(ValidClaims(hub, agency), "nbf", Jwts.Now + 3600)) },
        { "no exp", (hub, agency) => SignWithHubKeyAsync(hub, Jwts.Without(ValidClaims(hub, agency), "exp")) },
        { "wrong audience", (hub, agency) => SignWithHubKeyAsync(hub, Jwts.With(ValidClaims(hub, agency), "aud", "another-api")) },
        { "untrusted issuer", (hub, agency) => SignWithHubKeyAsync(hub, Jwts.With(ValidClaims(hub, agency), "iss", "https://impostor.example")) },
        { "an ID token or other JWT, not an access token (typ JWT)", async (hub, agency) => Jwts.Es256(ValidClaims(hub, agency), (await CurrentKeyAsync(hub)).Key, (await CurrentKeyAsync(hub)).Kid) },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_are_unauthenticated(string why, Func<HubServer, TestAgency, Task<string>> makeToken)
    {
        var token = await makeToken(_hub, _agency);

        var failure = await AssertUnauthenticatedAsync(token);

        Assert.False(string.IsNullOrEmpty(failure.Status.Detail), why);
    }

    [Fact]
    public async Task A_token_signed_by_the_hub_key_with_valid_claims_is_accepted()
    {
        // The control for the cases above: the same construction, unspoiled, passes.
        var token = await SignWithHubKeyAsync(_hub, ValidClaims(_hub, _agency));

        var response = await _hub.Channel(token).Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = _agency.AgencyId });

        Assert.Equal(_agency.AgencyId, response.Agency.AgencyId);
    }

    [Fact]
    public async Task A_valid_token_without_the_rpc_scope_is_permission_denied()
    {
        var narrow = _hub.Channel(await _hub.TokenAsync(_agency.ClientId, _agency.ClientSecret, "hub.consent"));

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            narrow.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "2001-04-01" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
        Assert.Equal("SCOPE_MISSING", failure.GetErrorInfo()!.Reason);
        Assert.Equal("hub.cases", failure.GetErrorInfo()!.Metadata["scope"]);
    }

    [Fact]
    public async Task Disabling_a_client_stops_the_tokens_it_already_holds()
    {
        var other = await _hub.RegisterAgencyAsync("Disabled Office", AgencyKind.Welfare);
        await other.Channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = other.AgencyId });
        var admin = await _hub.AdminAsync();

        await admin.Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = other.AgencyId, Reason = "left the network" });

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            other.Channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = other.AgencyId }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
    }

    [Fact]
    public async Task Tokens_signed_before_a_key_rotation_keep_working_and_new_ones_use_the_new_key()
    {
        var before = await _hub.TokenAsync(_agency.ClientId, _agency.ClientSecret);
        var keys = _hub.Services.GetRequiredService<SigningKeys>();
        var oldKid = (await keys.GetAsync(CancellationToken.None)).Current.Kid;

        await keys.RotateAsync(CancellationToken.None);
        var after = await _hub.TokenAsync(_agency.ClientId, _agency.ClientSecret);

        var newSnapshot = await keys.GetAsync(CancellationToken.None);
        Assert.NotEqual(oldKid, newSnapshot.Current.Kid);
        Assert.True(newSnapshot.Published.ContainsKey(oldKid));
        foreach (var token in new[] { before, after })
        {
            await _hub.Channel(token).Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = _agency.AgencyId });
        }

        using var http = new HttpClient();
        var jwks = await http.GetStringAsync(new Uri(_hub.HttpAddress, "/.well-known/jwks.json"));
        Assert.Contains(oldKid, jwks, StringComparison.Ordinal);
        Assert.Contains(newSnapshot.Current.Kid, jwks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_node_picks_up_a_key_rotated_elsewhere_on_first_sight_of_its_kid()
    {
        var options = _hub.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>();
        await using var otherNodeDatabase = _hub.Database.NewDataSource();
        using var otherNode = new SigningKeys(otherNodeDatabase, options, TimeProvider.System);
        await otherNode.GetAsync(CancellationToken.None);

        await _hub.Services.GetRequiredService<SigningKeys>().RotateAsync(CancellationToken.None);
        var rotatedKid = (await _hub.Services.GetRequiredService<SigningKeys>().GetAsync(CancellationToken.None)).Current.Kid;

        Assert.NotNull(await otherNode.FindAsync(rotatedKid, CancellationToken.None));
    }

    private async Task<RpcException> AssertUnauthenticatedAsync(string? token)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _hub.Channel(token).Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = _agency.AgencyId }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
        Assert.Equal("UNAUTHENTICATED_CLIENT", failure.GetErrorInfo()!.Reason);
        return failure;
    }

    private static JsonObject ValidClaims(HubServer hub, TestAgency agency) => new()
    {
        ["iss"] = hub.HttpAddress.ToString().TrimEnd('/'),
        ["aud"] = "interop-hub",
        ["sub"] = agency.ClientId,
        ["client_id"] = agency.ClientId,
        ["agency_id"] = agency.AgencyId,
        ["scope"] = "hub.cases",
        ["iat"] = Jwts.Now,
        ["nbf"] = Jwts.Now,
        ["exp"] = Jwts.Now + 300,
    };

    private static async Task<string> SignWithHubKeyAsync(HubServer hub, JsonObject claims)
    {
        var current = await CurrentKeyAsync(hub);
        return Jwts.Es256(claims, current.Key, current.Kid, TokenIssuer.AccessTokenType);
    }

    private static async Task<SigningKeys.SigningKey> CurrentKeyAsync(HubServer hub) =>
        (await hub.Services.GetRequiredService<SigningKeys>().GetAsync(CancellationToken.None)).Current;

    /// <summary>The classic confusion attack: HMAC "signed" with the verifier's public key bytes as the secret.</summary>
    private static async Task<string> HmacWithPublicKeyAsync(HubServer hub, TestAgency agency)
    {
        var current = (await hub.Services.GetRequiredService<SigningKeys>().GetAsync(CancellationToken.None)).Current;
        return Jwts.Hs256(ValidClaims(hub, agency), current.Key.ExportSubjectPublicKeyInfo(), current.Kid);
    }
}
