using Google.Protobuf.Reflection;

namespace Hub.Protocol;

/// <summary>
/// A service implementation the hub serves: it names the protobuf service it implements and binds a
/// handler to every RPC of it.
/// </summary>
public interface IGrpcService
{
    ServiceDescriptor Descriptor { get; }

    void Bind(ServiceBinder binder);
}
