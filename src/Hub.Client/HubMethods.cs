using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Hub.Protocol;
using Hub.V1;

namespace Hub.Client;

/// <summary>The hub's RPCs as typed client methods, resolved from the generated descriptors.</summary>
public static class HubMethods
{
    public static Method<HealthCheckRequest, HealthCheckResponse> HealthCheck { get; } =
        Resolve<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor, "Health", "Check");

    public static Method<EchoRequest, EchoResponse> Echo { get; } =
        Resolve<EchoRequest, EchoResponse>(EchoReflection.Descriptor, "EchoService", "Echo");

    private static Method<TRequest, TResponse> Resolve<TRequest, TResponse>(FileDescriptor file, string service, string method)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() =>
        Method<TRequest, TResponse>.From(file.Services.Single(candidate => candidate.Name == service).FindMethodByName(method));
}
