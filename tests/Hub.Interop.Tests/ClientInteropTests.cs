using Hub.Interop.Tests.Infrastructure;
using Hub.Protocol;

namespace Hub.Interop.Tests;

/// <summary>Our client against the Python grpcio (C-core) server: the same interop cases.</summary>
public sealed class ClientAgainstPythonServerTests(PythonInteropServer server) : IClassFixture<PythonInteropServer>
{
    public static TheoryData<string> Cases => ClientInteropCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Client_passes_interop_case(string interopCase)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        await ClientInteropCases.Cases[interopCase](channel);
    }
}

/// <summary>Our client against our server: both ends of Hub.Protocol agree with each other too.</summary>
public sealed class ClientAgainstHubServerTests(InteropServer server) : IClassFixture<InteropServer>
{
    public static TheoryData<string> Cases => ClientInteropCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Client_passes_interop_case(string interopCase)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        await ClientInteropCases.Cases[interopCase](channel);
    }
}
