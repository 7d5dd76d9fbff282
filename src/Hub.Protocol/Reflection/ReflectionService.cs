using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;

namespace Hub.Protocol.Reflection;

/// <summary>
/// <c>grpc.reflection.v1.ServerReflection</c>: lists the mapped services and serves the proto files
/// that describe them, so tools such as buf curl and grpcurl can call the hub without its protos.
/// </summary>
public sealed class ReflectionService : IGrpcService
{
    private readonly ReflectionIndex _index;

    internal ReflectionService(ReflectionIndex index) => _index = index;

    public ServiceDescriptor Descriptor => Grpc.Reflection.V1.ReflectionReflection.Descriptor.Services.Single(service => service.Name == "ServerReflection");

    public void Bind(ServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", ServeAsync);
    }

    private async Task ServeAsync(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IServerStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(requests.Current));
        }
    }

    /// <summary>The answer to one reflection request; also serves the v1alpha service, whose messages share this wire format.</summary>
    internal ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(_index.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, _index.FindFile(request.FileByFilename), $"File '{request.FileByFilename}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, _index.FindFileContainingSymbol(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                // The hub's protos are proto3 and declare no extensions, so a known type has none.
                if (_index.IsMessageType(request.AllExtensionNumbersOfType))
                {
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType.TrimStart('.') };
                }
                else
                {
                    SetError(response, StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");
                }

                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                SetError(response, StatusCode.NotFound, $"Extension {request.FileContainingExtension.ExtensionNumber} of '{request.FileContainingExtension.ContainingType}' not found.");
                break;
            default:
                SetError(response, StatusCode.InvalidArgument, "The reflection request names no query.");
                break;
        }

        return response;
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(ReflectionIndex.WithDependencies(file).Select(descriptor => descriptor.SerializedData));
        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
