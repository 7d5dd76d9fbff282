using Grpc.Core;
using Hub.Rpc;
using Hub.V1;

namespace EchoServers;

/// <summary>hub.v1.EchoService on the hub's gRPC server: grpc-dotnet as the hub configures it, without the hub's services.</summary>
internal static class GrpcMode
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrpcServer(configuration);
        services.AddSingleton<EchoServiceImpl>();
    }

    public static void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapGrpcService<EchoServiceImpl>();

    private sealed class EchoServiceImpl : EchoService.EchoServiceBase
    {
        public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
            Task.FromResult(new EchoResponse { Payload = request.Payload });
    }
}
