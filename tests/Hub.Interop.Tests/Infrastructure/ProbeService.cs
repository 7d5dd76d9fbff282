using Grpc.Testing;
using Hub.Protocol;
using Hub.Testing;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>hub.testing.ProbeService: handlers that misbehave on purpose.</summary>
internal sealed class ProbeService : IGrpcService
{
    public const string SecretText = "connection string Password=hunter2";

    /// <summary>Set once IgnoreCancellation has finished, so a test can see the server awaited it.</summary>
    public TaskCompletionSource IgnoredCancellationFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServiceDescriptor Descriptor => ProbeReflection.Descriptor.Services.Single(service => service.Name == "ProbeService");

    public void Bind(ServiceBinder binder) => binder
        .Unary<Empty, Empty>("Throw", (_, _) => throw new InvalidOperationException(SecretText))
        .Unary<Empty, Empty>("FailWithDetails", (_, _) => throw RpcException.WithErrorInfo(
            StatusCode.FailedPrecondition,
            "The consent was revoked.",
            "CONSENT_REVOKED",
            "hub.v1",
            new Dictionary<string, string> { ["consent_id"] = "c-123" }))
        .Unary<Empty, Empty>("IgnoreCancellation", IgnoreCancellationAsync)
        .ServerStreaming<Empty, Empty>("StreamUntilCancelled", StreamUntilCancelledAsync)
        .ClientStreaming<Empty, CountResponse>("Count", CountAsync);

    private async Task<Empty> IgnoreCancellationAsync(Empty request, ServerCallContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
        IgnoredCancellationFinished.TrySetResult();
        return new Empty();
    }

    private static async Task StreamUntilCancelledAsync(Empty request, IServerStreamWriter<Empty> responses, ServerCallContext context)
    {
        while (true)
        {
            await responses.WriteAsync(new Empty());
            await Task.Delay(5, context.CancellationToken);
        }
    }

    private static async Task<CountResponse> CountAsync(IAsyncStreamReader<Empty> requests, ServerCallContext context)
    {
        var count = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            count++;
        }

        return new CountResponse { Count = count };
    }
}
