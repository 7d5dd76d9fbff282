using Grpc.Core;
using Hub.V1;

namespace Hub.Echo;

/// <summary>hub.v1.EchoService: lets a partner system check its connection, and is the baseline in benchmarks.</summary>
internal sealed class EchoServiceImpl : EchoService.EchoServiceBase
{
    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Payload = request.Payload });
}
