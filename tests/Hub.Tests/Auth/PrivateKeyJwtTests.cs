using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Auth;

/// <summary>private_key_jwt (RFC 7523): a client proves itself with an assertion signed by a key it registered.</summary>
[Collection(HubCollection.Name)]
public sealed class PrivateKeyJwtTests(HubFixture fixture) : IAsyncLifetime, IDisposable
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly HubServer _hub = fixture.Hub;
    private readonly HttpClient _http = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TestAgency _agency = null!;
    private string _keyId = null!;

    public async Task InitializeAsync()
    {
        _agency = await _hub.RegisterAgencyAsync("Tokyo Metropolitan Hospital", AgencyKind.Medical);
        var admin = await _hub.AdminAsync();
        _keyId = (await admin.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = _agency.AgencyId, PublicKeyJwk = Jwts.PublicJwk(_key) })).KeyId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task A_valid_es256_assertion_gets_a_token()
    {
        var (status, body) = await PostAsync(Jwts.Es256(Claims(), _key, _keyId));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task An_assertion_without_a_kid_is_tried_against_the_clients_keys()
    {
        var (status, _) = await PostAsync(Jwts.Es256(Claims(), _key, kid: null));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_valid_rs256_assertion_gets_a_token()
    {
        using var rsa = RSA.Create(2048);
        var admin = await _hub.AdminAsync();
        var keyId = (await admin.Agencies().AddClientKeyAsync(new AddClientKeyRequest
        {
            AgencyId = _agency.AgencyId,
            PublicKeyJwk = Jwts.PublicJwk(rsa, "rsa-1").ToJsonString(),
        })).KeyId;

        var (status, _) = await PostAsync(Jwts.Rs256(Claims(), rsa, keyId));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_replayed_assertion_is_refused()
    {
        var assertion = Jwts.Es256(Claims(), _key, _keyId);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(assertion)).Status);

        var (status, body) = await PostAsync(assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    public static TheoryData<string, Func<JsonObject, JsonObject>> BadClaims => new()
    {
        { "expired", claims => Jwts.With(claims, "exp", Jwts.Now - 600) },
        { "exp missing", claims => Jwts.Without(claims, "exp") },
        { "lives too long", claims => Jwts.With(claims, "exp", Jwts.Now + 3600) },
        { "issued in the future", claims => Jwts.With(claims, "iat", Jwts.Now + 600) },
        { "not valid yet", claims => Jwts.With(claims, "nbf", Jwts.Now + 600) },
        { "jti missing", claims => Jwts.Without(claims, "jti") },
        { "wrong audience", claims => Jwts.With(claims, "aud", "https://elsewhere.example/token") },
        { "sub differs from iss", claims => Jwts.With(claims, "sub", "client_someone_else") },
        { "a NUL in the jti", claims => Jwts.With(claims, "jti", "jti\0") },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task Assertions_with_bad_claims_are_invalid_client(string why, Func<JsonObject, JsonObject> spoil)
    {
        var (status, body) = await PostAsync(Jwts.Es256(spoil(Claims()), _key, _keyId));

        Assert.True(status == HttpStatusCode.Unauthorized, why);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_assertion_signed_by_an_unregistered_key_is_invalid_client()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (status, _) = await PostAsync(Jwts.Es256(Claims(), stranger, _keyId));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_tampered_assertion_is_invalid_client()
    {
        var assertion = Jwts.Tamper(Jwts.Es256(Claims(), _key, _keyId), "exp", Jwts.Now + 120);

        var (status, _) = await PostAsync(assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task An_unsigned_assertion_is_invalid_client()
    {
        var (status, _) = await PostAsync(Jwts.Unsigned(Claims()));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.e30.e30.e30")]
    public async Task Garbage_assertions_are_invalid_client(string assertion)
    {
        var (status, body) = await PostAsync(assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_oversized_assertion_is_refused()
    {
        var (status, body) = await PostAsync(new string('a', 9000) + "." + new string('b', 9000) + ".c");

        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized);
        Assert.Contains(body.GetProperty("error").GetString(), new[] { "invalid_request", "invalid_client" });
    }

    [Fact]
    public async Task The_wrong_assertion_type_is_invalid_client()
    {
        var (status, _) = await PostAsync(Jwts.Es256(Claims(), _key, _keyId), assertionType: "urn:example:other");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}")]
    [InlineData("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}")]
    [InlineData("not json")]
    public async Task Unusable_public_keys_are_refused_at_registration(string jwk)
    {
        var admin = await _hub.AdminAsync();

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = _agency.AgencyId, PublicKeyJwk = jwk }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("public_key_jwk", failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task A_nul_in_the_key_id_is_invalid_client()
    {
        var (status, body) = await PostAsync(Jwts.Es256(Claims(), _key, "kid\0"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_key_is_kept_as_its_own_members_only_whatever_else_the_jwk_held()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonNode.Parse(Jwts.PublicJwk(ec))!.AsObject();
        // PostgreSQL's jsonb can't hold \u0000; the hub has no use for such a member anyway.
        jwk["note"] = "held\0";
        var admin = await _hub.AdminAsync();

        var keyId = (await admin.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = _agency.AgencyId, PublicKeyJwk = jwk.ToJsonString() })).KeyId;

        var stored = await _hub.Database.ScalarAsync<string>($"SELECT public_jwk::text FROM oauth_client_key WHERE key_id = '{keyId}'");
        Assert.DoesNotContain("note", stored, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Jwts.Es256(Claims(), ec, keyId))).Status);
    }

    [Fact]
    public async Task Private_key_material_and_short_rsa_keys_are_refused_at_registration()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var withPrivate = JsonNode.Parse(Jwts.PublicJwk(ec))!.AsObject();
        withPrivate["d"] = System.Buffers.Text.Base64Url.EncodeToString(ec.ExportParameters(true).D);
        using var small = RSA.Create(1024);
        var admin = await _hub.AdminAsync();

        foreach (var jwk in new[] { withPrivate.ToJsonString(), Jwts.PublicJwk(small, "small").ToJsonString() })
        {
            var failure = await Assert.ThrowsAsync<RpcException>(() =>
                admin.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = _agency.AgencyId, PublicKeyJwk = jwk }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        }
    }

    private JsonObject Claims() => new()
    {
        ["iss"] = _agency.ClientId,
        ["sub"] = _agency.ClientId,
        ["aud"] = _hub.TokenEndpoint.ToString(),
        ["iat"] = Jwts.Now,
        ["exp"] = Jwts.Now + 60,
        ["jti"] = Guid.NewGuid().ToString(),
    };

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string assertion, string assertionType = AssertionType)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = assertionType,
            ["client_assertion"] = assertion,
        });
        using var response = await _http.PostAsync(_hub.TokenEndpoint, content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }
}
