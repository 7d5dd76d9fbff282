using Hub.Interop.Tests.Infrastructure;

namespace Hub.Interop.Tests;

/// <summary>Python grpcio (C-core) as the client, Hub.Protocol as the server: the gRPC interop cases.</summary>
public sealed class PythonClientInteropTests(InteropServer server) : IClassFixture<InteropServer>
{
    [Theory]
    [InlineData("empty_unary")]
    [InlineData("large_unary")]
    [InlineData("server_streaming")]
    [InlineData("status_code_and_message")]
    [InlineData("special_status_message")]
    [InlineData("unimplemented_method")]
    [InlineData("unimplemented_service")]
    [InlineData("custom_metadata")]
    [InlineData("client_compressed_unary")]
    [InlineData("server_compressed_unary")]
    [InlineData("timeout_on_sleeping_server")]
    public async Task Python_client_passes_interop_case(string interopCase)
    {
        var (exitCode, output) = await Peers.RunAsync(
            Peers.Python,
            [Peers.Script("interop_client.py"), "--descriptor-set", server.DescriptorSetPath, "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--case", interopCase],
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"PASS {interopCase}", output, StringComparison.Ordinal);
    }
}
