using Hub.Interop.Tests.Infrastructure;
using Hub.Protocol;

namespace Hub.Interop.Tests;

/// <summary>The interop cases as our client runs them against one server.</summary>
public abstract class ClientInteropTests(Uri server)
{
    public static TheoryData<string> Cases => ClientInteropCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Client_passes_interop_case(string interopCase)
    {
        using var channel = GrpcChannel.ForAddress(server);
        await ClientInteropCases.Cases[interopCase](channel);
    }
}

/// <summary>Our client against the Python grpcio (C-core) server.</summary>
public sealed class ClientAgainstPythonServerTests(PythonInteropServer server)
    : ClientInteropTests(server.Address), IClassFixture<PythonInteropServer>;

/// <summary>Our client against our server: both ends of Hub.Protocol agree with each other too.</summary>
public sealed class ClientAgainstHubServerTests(InteropServer server)
    : ClientInteropTests(server.Address), IClassFixture<InteropServer>;
