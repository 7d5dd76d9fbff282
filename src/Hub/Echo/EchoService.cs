using Hub.Protocol;
using Hub.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Echo;

/// <summary>hub.v1.EchoService: lets a partner system check its connection, and is the baseline in benchmarks.</summary>
internal sealed class EchoService : IGrpcService
{
    public ServiceDescriptor Descriptor => EchoReflection.Descriptor.Services.Single(service => service.Name == "EchoService");

    public void Bind(ServiceBinder binder) => binder.Unary<EchoRequest, EchoResponse>("Echo", EchoAsync);

    private static Task<EchoResponse> EchoAsync(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Payload = request.Payload });
}
