using System.Security.Cryptography;
using System.Text.Json;
using Hub.Testing;
using Hub.V1;

namespace Hub.Reliability.Tests.Infrastructure;

/// <summary>
/// A hub process and the means to act on it from outside: the operator's token and agencies
/// registered through it, all over the hand-made wire client.
/// </summary>
public sealed class HubSession : IAsyncDisposable
{
    private HubSession(HubProcess hub)
    {
        Hub = hub;
        Wire = new WireClient(hub.GrpcAddress);
    }

    public HubProcess Hub { get; }

    public WireClient Wire { get; }

    public string AdminToken { get; private set; } = string.Empty;

    public static async Task<HubSession> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var session = new HubSession(await HubProcess.StartAsync(settings));
        await session.RenewAdminTokenAsync();
        return session;
    }

    public async Task RenewAdminTokenAsync() =>
        AdminToken = await TokenService.RequestAsync(Hub.TokenEndpoint, "hub-admin", HubProcess.AdminSecret);

    public async Task<PartnerAgency> RegisterAgencyAsync(string name, AgencyKind kind)
    {
        var registered = await Wire.CallAsync<RegisterAgencyResponse>(
            "/hub.v1.AgencyService/RegisterAgency", new RegisterAgencyRequest { Name = name, Kind = kind }, AdminToken);
        var token = await TokenService.RequestAsync(Hub.TokenEndpoint, registered.ClientId, registered.ClientSecret);
        return new PartnerAgency(registered.Agency.AgencyId, registered.ClientId, registered.ClientSecret, token);
    }

    /// <summary>A fresh P-256 public key as a JWK, of the kind AddClientKey takes.</summary>
    public static string NewPublicJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url(parameters.Q.X!),
            ["y"] = Base64Url(parameters.Q.Y!),
        });
    }

    public async ValueTask DisposeAsync()
    {
        Wire.Dispose();
        await Hub.DisposeAsync();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>An agency registered for a test, with a token to call as it.</summary>
public sealed record PartnerAgency(string AgencyId, string ClientId, string ClientSecret, string Token);
