using System.Security.Claims;
using System.Text.Json;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hub.Tests.Auth;

/// <summary>
/// A real OAuth 2.0 authority of its own — OpenIddict's server, with its own keys, issuing access
/// tokens by the client-credentials grant — configured as an external issuer of the hub: its tokens
/// are accepted with the agency and scope they carry, and refused for the wrong scope or audience.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OpenIddictAuthorityTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string PartnerClient = "partner-system";
    private const string OtherApiClient = "partner-system-for-another-api";
    private const string ClientSecret = "openiddict-test-secret";

    private WebApplication _authority = null!;
    private HubServer _hub = null!;
    private TestAgency _agency = null!;
    private Uri _tokenEndpoint = null!;

    public async Task InitializeAsync()
    {
        var port = Hub.Testing.FreePort.Next();
        var issuer = new Uri($"http://127.0.0.1:{port}/");
        _authority = StartAuthority(issuer, () => _agency.AgencyId);
        await _authority.StartAsync();
        _tokenEndpoint = new Uri(issuer, "connect/token");

        _hub = await HubServer.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Hub:Auth:ExternalIssuers:0:Issuer"] = issuer.AbsoluteUri,
            ["Hub:Auth:ExternalIssuers:0:JwksUri"] = new Uri(issuer, ".well-known/jwks").AbsoluteUri,
        });
        _agency = await _hub.RegisterAgencyAsync("Adachi Employment Support Centre", AgencyKind.Employment);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _authority.DisposeAsync();
    }

    [Fact]
    public async Task Its_token_is_accepted_as_the_agency_it_names()
    {
        var token = await TokenAsync(PartnerClient, "hub.cases");

        var person = await _hub.Channel(token).People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1995-06-30", LocalReference = "ADC-0031" });

        Assert.Equal(_agency.AgencyId, Assert.Single(person.Person.Links).AgencyId);
    }

    [Fact]
    public async Task Its_token_without_the_rpc_scope_is_permission_denied()
    {
        var token = await TokenAsync(PartnerClient, "hub.consent");

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            _hub.Channel(token).People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1995-06-30" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("SCOPE_MISSING", refused.GetErrorInfo()!.Reason);
    }

    [Fact]
    public async Task Its_token_for_another_audience_is_unauthenticated()
    {
        var token = await TokenAsync(OtherApiClient, "hub.cases");

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            _hub.Channel(token).People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1995-06-30" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("UNAUTHENTICATED_CLIENT", refused.GetErrorInfo()!.Reason);
        Assert.Contains("audience", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_client_fetches_its_tokens_from_the_authority()
    {
        using var channel = HubChannel.Create(_hub.GrpcAddress, HubClientCredentials.FromSecret(PartnerClient, ClientSecret), _tokenEndpoint, "hub.cases");

        var person = await channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "2001-02-03" });

        Assert.Equal(_agency.AgencyId, Assert.Single(person.Person.Links).AgencyId);
    }

    private async Task<string> TokenAsync(string clientId, string scope)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(_tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = ClientSecret,
            ["scope"] = scope,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// OpenIddict's server without a database (degraded mode): two clients whose secret it checks
    /// itself; one gets tokens for the hub's audience, the other for another API. Each token names the
    /// hub agency of the partner in agency_id.
    /// </summary>
    private static WebApplication StartAuthority(Uri issuer, Func<string> agencyId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(issuer.GetLeftPart(UriPartial.Authority));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication();
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetIssuer(issuer);
            options.SetTokenEndpointUris("connect/token");
            options.SetJsonWebKeySetEndpointUris(".well-known/jwks");
            options.AllowClientCredentialsFlow();
            options.RegisterScopes("hub.cases", "hub.consent");
            options.EnableDegradedMode();
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableAccessTokenEncryption();
            options.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId is not (PartnerClient or OtherApiClient) || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                }

                return default;
            }));
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapPost("/connect/token", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaim("agency_id", agencyId());
            identity.SetScopes(request.GetScopes());
            identity.SetAudiences(request.ClientId == OtherApiClient ? "another-api" : "interop-hub");
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        return app;
    }
}
