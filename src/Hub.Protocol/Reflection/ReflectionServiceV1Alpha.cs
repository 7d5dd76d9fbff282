using Google.Protobuf;
using Google.Protobuf.Reflection;
using ReflectionV1 = Grpc.Reflection.V1;
using ReflectionV1Alpha = Grpc.Reflection.V1Alpha;

namespace Hub.Protocol.Reflection;

/// <summary>
/// <c>grpc.reflection.v1alpha.ServerReflection</c>, still the one many tools ask first. Its messages
/// are byte-for-byte those of v1, so each request is re-read as v1 and answered by <see cref="ReflectionService"/>.
/// </summary>
public sealed class ReflectionServiceV1Alpha : IGrpcService
{
    private readonly ReflectionService _v1;

    internal ReflectionServiceV1Alpha(ReflectionService v1) => _v1 = v1;

    public ServiceDescriptor Descriptor =>
        ReflectionV1Alpha.ReflectionReflection.Descriptor.Services.Single(service => service.Name == "ServerReflection");

    public void Bind(ServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.DuplexStreaming<ReflectionV1Alpha.ServerReflectionRequest, ReflectionV1Alpha.ServerReflectionResponse>("ServerReflectionInfo", ServeAsync);
    }

    private async Task ServeAsync(
        IAsyncStreamReader<ReflectionV1Alpha.ServerReflectionRequest> requests,
        IServerStreamWriter<ReflectionV1Alpha.ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            var request = ReflectionV1.ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var answer = _v1.Answer(request);
            await responses.WriteAsync(ReflectionV1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()));
        }
    }
}
