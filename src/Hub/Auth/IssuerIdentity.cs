using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Auth;

/// <summary>The token service's issuer URL and the endpoints derived from it.</summary>
internal sealed class IssuerIdentity(IOptions<AuthOptions> options, IConfiguration configuration)
{
    public string Issuer { get; } = (options.Value.Issuer ?? $"http://127.0.0.1:{HubEndpoints.From(configuration).HttpPort}").TrimEnd('/');

    public string TokenEndpoint => Issuer + "/connect/token";

    public string JwksUri => Issuer + "/.well-known/jwks.json";
}
