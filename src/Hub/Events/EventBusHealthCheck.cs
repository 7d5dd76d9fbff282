using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hub.Events;

/// <summary>
/// Whether this node can publish and receive events: healthy only while the bus and its queue are.
/// MassTransit calls a bus that lost its broker "degraded", which gRPC health reports as SERVING; for
/// hub.v1.EventService that would hide the outage, so anything short of healthy is unhealthy here.
/// </summary>
internal sealed class EventBusHealthCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        return Task.FromResult(health.Status == BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy(health.Description)
            : HealthCheckResult.Unhealthy(health.Description, health.Exception));
    }
}
