using Google.Protobuf.Reflection;

namespace Hub.Protocol.Internal;

/// <summary>The services mapped on this server: what reflection lists and what tells an unknown method from an unknown service.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly List<ServiceDescriptor> _services = [];

    public IReadOnlyList<ServiceDescriptor> Services => _services;

    public void Add(ServiceDescriptor service)
    {
        if (IsMapped(service.FullName))
        {
            throw new InvalidOperationException($"Service '{service.FullName}' is mapped twice.");
        }

        _services.Add(service);
    }

    public bool IsMapped(string serviceName) => _services.Exists(service => service.FullName == serviceName);
}
