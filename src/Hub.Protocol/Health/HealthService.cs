using System.Threading.Channels;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace Hub.Protocol.Health;

/// <summary><c>grpc.health.v1.Health</c>: the status of the whole server (empty name) and of each service.</summary>
public sealed class HealthService(HealthStatusStore store) : IGrpcService
{
    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.Services.Single(service => service.Name == "Health");

    public void Bind(ServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder
            .Unary<HealthCheckRequest, HealthCheckResponse>("Check", CheckAsync)
            .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", WatchAsync);
    }

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context) =>
        store.TryGetStatus(request.Service, out var status)
            ? Task.FromResult(new HealthCheckResponse { Status = status })
            : throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));

    /// <summary>Sends the current status, then every change, until the caller goes away.</summary>
    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        // Only the newest status matters to a watcher, so a slow one skips what it missed.
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnChanged(string service)
        {
            if (service == request.Service)
            {
                changes.Writer.TryWrite(true);
            }
        }

        store.Changed += OnChanged;
        try
        {
            HealthCheckResponse.Types.ServingStatus? sent = null;
            do
            {
                var current = store.TryGetStatus(request.Service, out var status) ? status : HealthCheckResponse.Types.ServingStatus.ServiceUnknown;
                if (current != sent)
                {
                    await responses.WriteAsync(new HealthCheckResponse { Status = current });
                    sent = current;
                }
            }
            while (await changes.Reader.WaitToReadAsync(context.CancellationToken) && changes.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher left; a Watch has no other end.
        }
        finally
        {
            store.Changed -= OnChanged;
        }
    }
}
