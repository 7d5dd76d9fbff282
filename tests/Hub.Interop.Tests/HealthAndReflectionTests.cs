using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Hub.Interop.Tests.Infrastructure;
using Hub.Protocol;
using Hub.Protocol.Health;
using Hub.Protocol.Reflection;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Hub.Interop.Tests;

public sealed class HealthAndReflectionTests(InteropServer server) : IClassFixture<InteropServer>, IDisposable
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        Method<HealthCheckRequest, HealthCheckResponse>.From(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch =
        Method<HealthCheckRequest, HealthCheckResponse>.From(HealthReflection.Descriptor.Services[0].FindMethodByName("Watch"));

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.Address);

    public void Dispose() => _channel.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("grpc.testing.TestService")]
    [InlineData("grpc.health.v1.Health")]
    public async Task Mapped_services_and_the_whole_server_report_serving(string service)
    {
        var response = await _channel.UnaryCall(Check, new HealthCheckRequest { Service = service });

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Unknown_service_is_not_found()
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryCall(Check, new HealthCheckRequest { Service = "no.Such" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change()
    {
        var store = server.GetService<HealthStatusStore>();
        store.SetStatus("test.Watched", ServingStatus.Serving);
        using var call = _channel.ServerStreamingCall(Watch, new HealthCheckRequest { Service = "test.Watched" }, new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(20)));

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);

        store.SetStatus("test.Watched", ServingStatus.NotServing);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_of_an_unknown_service_reports_service_unknown()
    {
        using var call = _channel.ServerStreamingCall(Watch, new HealthCheckRequest { Service = "never.Registered" }, new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(20)));

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);
    }

    [Fact]
    public void Reflection_lists_every_mapped_service()
    {
        var response = Reflection.Answer(new ServerReflectionRequest { ListServices = "" });

        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.testing.TestService", "hub.testing.ProbeService"],
            response.ListServicesResponse.Service.Select(service => service.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("grpc.testing.TestService")]
    [InlineData("grpc.testing.TestService.UnaryCall")]
    [InlineData(".grpc.testing.SimpleRequest")]
    [InlineData("grpc.testing.PayloadType")]
    public void Reflection_finds_the_file_of_a_symbol_with_its_dependencies(string symbol)
    {
        var response = Reflection.Answer(new ServerReflectionRequest { FileContainingSymbol = symbol });

        var files = response.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes).Name)
            .ToList();
        Assert.Contains("google/protobuf/wrappers.proto", files);
        Assert.StartsWith("grpc/testing/", files[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Reflection_serves_a_file_by_name()
    {
        var response = Reflection.Answer(new ServerReflectionRequest { FileByFilename = "grpc/testing/test.proto" });

        var first = Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc/testing/test.proto", first.Name);
        Assert.Contains(first.Service, service => service.Name == "TestService");
        Assert.True(response.FileDescriptorResponse.FileDescriptorProto.Count >= 3);
    }

    [Theory]
    [InlineData("no.such.Symbol")]
    [InlineData("")]
    public void Reflection_answers_not_found_for_unknown_symbols(string symbol)
    {
        var response = Reflection.Answer(new ServerReflectionRequest { FileContainingSymbol = symbol });

        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }

    [Fact]
    public void Reflection_reports_no_extensions_for_a_known_type_and_not_found_for_an_unknown_one()
    {
        Assert.Empty(Reflection.Answer(new ServerReflectionRequest { AllExtensionNumbersOfType = "grpc.testing.SimpleRequest" }).AllExtensionNumbersResponse.ExtensionNumber);
        Assert.Equal((int)StatusCode.NotFound, Reflection.Answer(new ServerReflectionRequest { AllExtensionNumbersOfType = "no.Such" }).ErrorResponse.ErrorCode);
    }

    private ReflectionService Reflection => server.GetService<ReflectionService>();
}
