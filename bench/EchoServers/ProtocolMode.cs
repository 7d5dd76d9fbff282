using Hub.Protocol;
using Hub.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EchoServers;

/// <summary>hub.v1.EchoService served by Hub.Protocol, as the hub serves its RPCs.</summary>
internal static class ProtocolMode
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddGrpcProtocol();
        services.AddSingleton<EchoService>();
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapGrpcService<EchoService>();

    private sealed class EchoService : IGrpcService
    {
        public ServiceDescriptor Descriptor { get; } = EchoReflection.Descriptor.FindTypeByName<ServiceDescriptor>("EchoService");

        public void Bind(ServiceBinder binder) =>
            binder.Unary<EchoRequest, EchoResponse>("Echo", static (request, _) => Task.FromResult(new EchoResponse { Payload = request.Payload }));
    }
}
