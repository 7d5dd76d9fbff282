using System.Globalization;
using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>
/// The gRPC interop cases, with the hub's gRPC server as the server and two independent clients:
/// Python grpcio (C core) and @grpc/grpc-js (Node, a gRPC stack in JavaScript with no C core).
/// </summary>
public sealed class ClientInteropTests(InteropServer server) : IClassFixture<InteropServer>
{
    public static TheoryData<string> Cases { get; } =
    [
        "empty_unary",
        "large_unary",
        "server_streaming",
        "status_code_and_message",
        "special_status_message",
        "unimplemented_method",
        "unimplemented_service",
        "custom_metadata",
        "client_compressed_unary",
        "server_compressed_unary",
        "timeout_on_sleeping_server",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Python_client_passes_interop_case(string interopCase) =>
        PassesAsync(interopCase, Peers.Python, [Peers.Script("interop_client.py"), "--descriptor-set", server.DescriptorSetPath], environment: null);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Node_client_passes_interop_case(string interopCase) =>
        PassesAsync(interopCase, Peers.Node, [Peers.Script("interop_client.js"), "--protos", Path.Combine(AppContext.BaseDirectory, "Protos")], Peers.NodeEnvironment);

    private async Task PassesAsync(string interopCase, string peer, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            peer,
            [.. arguments, "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--case", interopCase],
            TimeSpan.FromSeconds(60),
            environment);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"PASS {interopCase}", output, StringComparison.Ordinal);
    }
}
