using Grpc.Testing;
using Hub.Protocol;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Interop.Tests;

/// <summary>Mapping a service checks every binding against the proto, and fails loudly at startup.</summary>
public sealed class ServiceBindingTests
{
    [Fact]
    public void Service_missing_a_handler_fails_to_map()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Map(binder => binder
            .Unary<Empty, Empty>("EmptyCall", Empty)));

        Assert.Contains("UnaryCall", failure.Message, StringComparison.Ordinal);
        Assert.Contains("StreamingOutputCall", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Handler_for_an_unknown_rpc_fails_to_map() =>
        Assert.Throws<InvalidOperationException>(() => Map(binder => binder.Unary<Empty, Empty>("NoSuchCall", Empty)));

    [Fact]
    public void Handler_of_the_wrong_streaming_kind_fails_to_map()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Map(binder => binder
            .ServerStreaming<Empty, Empty>("EmptyCall", (_, _, _) => Task.CompletedTask)));

        Assert.Contains("unary", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Handler_with_the_wrong_message_types_fails_to_map() =>
        Assert.Throws<InvalidOperationException>(() => Map(binder => binder
            .Unary<SimpleRequest, Empty>("EmptyCall", (_, _) => Task.FromResult(new Empty()))));

    [Fact]
    public void Rpc_bound_twice_fails_to_map() =>
        Assert.Throws<InvalidOperationException>(() => Map(binder => binder
            .Unary<Empty, Empty>("EmptyCall", Empty)
            .Unary<Empty, Empty>("EmptyCall", Empty)));

    private static Task<Empty> Empty(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    private static void Map(Action<ServiceBinder> bind)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGrpcProtocol();
        builder.Services.AddSingleton(new PartialService(bind));
        using var app = builder.Build();
        app.MapGrpcService<PartialService>();
    }

    private sealed class PartialService(Action<ServiceBinder> bind) : IGrpcService
    {
        public ServiceDescriptor Descriptor => TestReflection.Descriptor.Services.Single(service => service.Name == "TestService");

        public void Bind(ServiceBinder binder) => bind(binder);
    }
}
