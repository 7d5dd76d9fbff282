using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Hub.Testing;
using Empty = Grpc.Testing.Empty;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>Handlers that fail or stall on purpose, to show what the server's own handling makes of them.</summary>
internal sealed class ProbeServiceImpl : ProbeService.ProbeServiceBase
{
    public const string SecretText = "connection string Password=hunter2";

    public override Task<Empty> Throw(Empty request, ServerCallContext context) => throw new InvalidOperationException(SecretText);

    public override Task<Empty> FailWithDetails(Empty request, ServerCallContext context) =>
        throw new Google.Rpc.Status
        {
            Code = (int)Code.FailedPrecondition,
            Message = "The consent was revoked.",
            Details = { Any.Pack(new ErrorInfo { Reason = "CONSENT_REVOKED", Domain = "hub.v1", Metadata = { ["consent_id"] = "c-123" } }) },
        }.ToRpcException();

    public override async Task StreamUntilCancelled(Empty request, IServerStreamWriter<Empty> responseStream, ServerCallContext context)
    {
        while (true)
        {
            await responseStream.WriteAsync(new Empty());
            await System.Threading.Tasks.Task.Delay(5, context.CancellationToken);
        }
    }

    public override async Task<CountResponse> Count(IAsyncStreamReader<Empty> requestStream, ServerCallContext context)
    {
        var count = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            count++;
        }

        return new CountResponse { Count = count };
    }
}
