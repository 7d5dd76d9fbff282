using Grpc.Health.V1;
using Hub.Client;

namespace HubScenario;

/// <summary>health: grpc.health.v1.Health/Check, served without authentication; next to echo it shows what authenticating a call costs.</summary>
internal static class HealthRequests
{
    public static BenchRequest Check { get; } = new BenchRequest<HealthCheckRequest, HealthCheckResponse>(
        "health",
        Health.Descriptor.FindMethodByName("Check"),
        (channel, request, options) => channel.Health().CheckAsync(request, options),
        _ => new HealthCheckRequest(),
        (_, response) => new Verdict(response.Status == HealthCheckResponse.Types.ServingStatus.Serving, response.Status.ToString()));
}
