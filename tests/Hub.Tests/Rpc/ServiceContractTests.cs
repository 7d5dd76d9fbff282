using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Hub.Rpc;
using Hub.V1;
using EmptyReflection = Google.Protobuf.WellKnownTypes.EmptyReflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Tests.Rpc;

/// <summary>The hub serves the whole contract: every service, every RPC overridden, every RPC's access declared.</summary>
public sealed class ServiceContractTests
{
    [Fact]
    public void Every_hub_v1_service_of_the_contract_is_served()
    {
        var contract = typeof(EchoService).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(file => file.Package == HubRpcs.Package)
            .SelectMany(file => file.Services)
            .Select(service => service.FullName);

        Assert.Equal(contract.Order(StringComparer.Ordinal), ServedServices().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(contract.Order(StringComparer.Ordinal), HubRpcs.Services.Select(service => service.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_rpc_of_every_hub_service_is_overridden()
    {
        var missing = ServedServices()
            .SelectMany(served => served.Value.Descriptor.Methods
                .Where(method => served.Value.Implementation.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)?.DeclaringType != served.Value.Implementation)
                .Select(method => method.FullName))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_rpc_declares_its_scope_or_that_any_valid_token_will_do()
    {
        var paths = HubRpcs.Services.SelectMany(service => service.Methods).Select(HubRpcs.Path).ToList();

        Assert.Equal(paths.Order(StringComparer.Ordinal), HubRpcs.RequiredScopes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("hub.consent", HubRpcs.RequiredScopes["/hub.v1.ConsentService/CheckAccess"]);
        Assert.Null(HubRpcs.RequiredScopes["/hub.v1.EchoService/Echo"]);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("hub.cases", true)]
    public void A_contract_whose_rpc_declares_neither_or_both_is_refused(string? scope, bool anyValidToken)
    {
        var options = new MethodOptions();
        if (scope is not null)
        {
            options.SetExtension(OptionsExtensions.RequiredScope, scope);
        }

        if (anyValidToken)
        {
            options.SetExtension(OptionsExtensions.AnyValidToken, true);
        }

        var failure = Assert.Throws<InvalidOperationException>(() => HubRpcs.DeclaredScopes([Service(options)]));

        Assert.Contains("hub.test.Undeclared.Call", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The hub's gRPC service classes, by the service each serves.</summary>
    private static Dictionary<string, (Type Implementation, ServiceDescriptor Descriptor)> ServedServices() =>
        typeof(HubRpcs).Assembly.GetTypes()
            .Where(type => type.BaseType?.GetCustomAttribute<BindServiceMethodAttribute>() is not null)
            .Select(type => (Implementation: type, Descriptor: (ServiceDescriptor)type.BaseType!.DeclaringType!.GetProperty("Descriptor")!.GetValue(null)!))
            .ToDictionary(served => served.Descriptor.FullName);

    private static ServiceDescriptor Service(MethodOptions options)
    {
        var file = new FileDescriptorProto
        {
            Name = "hub/test/undeclared.proto",
            Package = "hub.test",
            Syntax = "proto3",
            Dependency = { "google/protobuf/empty.proto", "hub/v1/options.proto" },
            Service =
            {
                new ServiceDescriptorProto
                {
                    Name = "Undeclared",
                    Method = { new MethodDescriptorProto { Name = "Call", InputType = ".google.protobuf.Empty", OutputType = ".google.protobuf.Empty", Options = options } },
                },
            },
        };
        var registry = new ExtensionRegistry { OptionsExtensions.RequiredScope, OptionsExtensions.AnyValidToken };
        var built = FileDescriptor.BuildFromByteStrings(
            [EmptyReflection.Descriptor.SerializedData, DescriptorReflection.Descriptor.SerializedData, OptionsReflection.Descriptor.SerializedData, file.ToByteString()],
            registry);
        return built[^1].Services[0];
    }
}
