using System.Collections.Concurrent;
using Grpc.Health.V1;

namespace Hub.Protocol.Health;

/// <summary>
/// The serving status the health service reports: one entry for the whole server (the empty
/// name) and one per service. Watchers are told of every change.
/// </summary>
public sealed class HealthStatusStore
{
    /// <summary>The name under which the whole server's status is kept.</summary>
    public const string WholeServer = "";

    private readonly ConcurrentDictionary<string, HealthCheckResponse.Types.ServingStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>Raised after a status changes, with the service name.</summary>
    public event Action<string>? Changed;

    public void SetStatus(string service, HealthCheckResponse.Types.ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        var previous = _statuses.GetValueOrDefault(service, HealthCheckResponse.Types.ServingStatus.ServiceUnknown);
        _statuses[service] = status;
        if (previous != status)
        {
            Changed?.Invoke(service);
        }
    }

    /// <summary>Records a status for a service that has none yet; one already set is left alone.</summary>
    public void AddIfMissing(string service, HealthCheckResponse.Types.ServingStatus status)
    {
        if (_statuses.TryAdd(service, status))
        {
            Changed?.Invoke(service);
        }
    }

    /// <summary>Sets every known service, and the whole server, to one status.</summary>
    public void SetAll(HealthCheckResponse.Types.ServingStatus status)
    {
        foreach (var service in _statuses.Keys.Append(WholeServer).Distinct(StringComparer.Ordinal).ToArray())
        {
            SetStatus(service, status);
        }
    }

    public bool TryGetStatus(string service, out HealthCheckResponse.Types.ServingStatus status) =>
        _statuses.TryGetValue(service, out status);
}
