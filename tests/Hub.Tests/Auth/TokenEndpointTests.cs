using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Auth;

/// <summary>POST /connect/token: the client-credentials grant with secrets, and every way to get it wrong.</summary>
[Collection(HubCollection.Name)]
public sealed class TokenEndpointTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly CapturedLogs _logs = fixture.Logs;
    private readonly HttpClient _http = new();
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _agency = null!;

    public async Task InitializeAsync() =>
        _agency = await _hub.RegisterAgencyAsync("Shinjuku Employment Support Centre", AgencyKind.Employment);

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Client_secret_post_gets_a_short_lived_es256_token_with_the_agency_and_its_scopes()
    {
        var (status, body, response) = await PostAsync(Form(("client_id", _agency.ClientId), ("client_secret", _agency.ClientSecret)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("hub.consent hub.cases hub.meetings hub.audit hub.events", body.GetProperty("scope").GetString());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var token = body.GetProperty("access_token").GetString()!;
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        var kid = header.RootElement.GetProperty("kid").GetString();
        var jwks = await _http.GetStringAsync(new Uri(_hub.HttpAddress, "/.well-known/jwks.json"));
        Assert.Contains($"\"kid\":\"{kid}\"", jwks, StringComparison.Ordinal);

        var c = claims.RootElement;
        Assert.Equal(_hub.HttpAddress.ToString().TrimEnd('/'), c.GetProperty("iss").GetString());
        Assert.Equal("interop-hub", c.GetProperty("aud").GetString());
        Assert.Equal(_agency.ClientId, c.GetProperty("sub").GetString());
        Assert.Equal(_agency.AgencyId, c.GetProperty("agency_id").GetString());
        Assert.Equal(300, c.GetProperty("exp").GetInt64() - c.GetProperty("iat").GetInt64());
        Assert.True(c.GetProperty("nbf").GetInt64() <= c.GetProperty("iat").GetInt64());
        Assert.False(string.IsNullOrEmpty(c.GetProperty("jti").GetString()));
    }

    [Fact]
    public async Task Client_secret_basic_works_with_form_encoded_credentials()
    {
        var (status, _, _) = await PostAsync(Form(), basic: (_agency.ClientId, _agency.ClientSecret));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Requested_scopes_are_narrowed_to_what_the_client_may_have()
    {
        var (status, body, _) = await PostAsync(Form(("scope", "hub.cases hub.admin")), basic: (_agency.ClientId, _agency.ClientSecret));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hub.cases", body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Asking_only_for_scopes_the_client_may_not_have_is_invalid_scope()
    {
        var (status, body, _) = await PostAsync(Form(("scope", "hub.admin")), basic: (_agency.ClientId, _agency.ClientSecret));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task Wrong_secret_is_invalid_client_with_a_challenge(string secret)
    {
        var (status, body, response) = await PostAsync(Form(("client_id", _agency.ClientId), ("client_secret", secret)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
    }

    [Fact]
    public async Task Unknown_client_is_invalid_client()
    {
        var (status, body, _) = await PostAsync(Form(("client_id", "client_nobody"), ("client_secret", "x")));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task No_client_authentication_is_invalid_client()
    {
        var (status, body, _) = await PostAsync(Form());

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Two_authentication_methods_at_once_is_invalid_request()
    {
        var (status, body, _) = await PostAsync(
            Form(("client_id", _agency.ClientId), ("client_secret", _agency.ClientSecret)), basic: (_agency.ClientId, _agency.ClientSecret));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(null, "invalid_request")]
    [InlineData("password", "unsupported_grant_type")]
    [InlineData("authorization_code", "unsupported_grant_type")]
    public async Task Grant_types_other_than_client_credentials_are_refused(string? grantType, string error)
    {
        var fields = new List<(string, string)> { ("client_id", _agency.ClientId), ("client_secret", _agency.ClientSecret) };
        if (grantType is not null)
        {
            fields.Add(("grant_type", grantType));
        }

        var (status, body, _) = await PostAsync(new FormUrlEncodedContent(fields.Select(field => KeyValuePair.Create(field.Item1, field.Item2))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("application/json", "{\"grant_type\":\"client_credentials\"}")]
    [InlineData("text/plain", "grant_type=client_credentials")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--x--\r\n")]
    public async Task Anything_but_a_url_encoded_form_is_invalid_request(string contentType, string content)
    {
        var (status, body, _) = await PostAsync(new StringContent(content, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Oversized_form_is_invalid_request()
    {
        var (status, body, _) = await PostAsync(Form(("client_id", _agency.ClientId), ("client_secret", new string('x', 40_000))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Malformed_basic_credentials_are_invalid_client()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _hub.TokenEndpoint) { Content = Form() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "not*base64");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("client_secret")]
    [InlineData("scope")]
    public async Task A_nul_in_any_field_is_invalid_request_not_a_server_error(string field)
    {
        var fields = new Dictionary<string, string> { ["client_id"] = _agency.ClientId, ["client_secret"] = _agency.ClientSecret, ["scope"] = "hub.cases" };
        fields[field] += "\0";

        var (status, body, _) = await PostAsync(Form([.. fields.Select(pair => (pair.Key, pair.Value))]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_nul_in_basic_credentials_is_invalid_client()
    {
        var (status, body, _) = await PostAsync(Form(), basic: ("client\0id", "secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Disabled_client_gets_no_token()
    {
        var admin = await _hub.AdminAsync();
        await admin.Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = _agency.AgencyId, Reason = "contract ended" });

        var (status, body, _) = await PostAsync(Form(("client_id", _agency.ClientId), ("client_secret", _agency.ClientSecret)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Nothing_logged_holds_a_secret_even_when_requests_fail()
    {
        await PostAsync(Form(("client_id", _agency.ClientId), ("client_secret", _agency.ClientSecret)));
        await PostAsync(Form(("client_id", _agency.ClientId), ("client_secret", "typo-" + _agency.ClientSecret)));
        await PostAsync(Form(), basic: ("hub-admin", "wrong-" + HubServer.AdminSecret));

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(_agency.ClientSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(HubServer.AdminSecret, StringComparison.Ordinal));
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new([KeyValuePair.Create("grant_type", "client_credentials"), .. fields.Select(field => KeyValuePair.Create(field.Name, field.Value))]);

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(HttpContent content, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _hub.TokenEndpoint) { Content = content };
        if (basic is var (id, secret))
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", encoded);
        }

        var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body, response);
    }
}
