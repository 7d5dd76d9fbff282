using System.Globalization;
using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>buf curl, an independent gRPC client, discovers and calls the server through reflection alone.</summary>
public sealed class BufCurlTests(InteropServer server) : IClassFixture<InteropServer>
{
    [Theory]
    [InlineData("grpc-v1")]
    [InlineData("grpc-v1alpha")]
    public async Task Lists_services_through_reflection(string reflectProtocol)
    {
        var output = await BufCurlAsync("--reflect-protocol", reflectProtocol, "--list-services", server.Address.ToString());

        Assert.Contains("grpc.health.v1.Health", output, StringComparison.Ordinal);
        Assert.Contains("grpc.testing.TestService", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_methods_through_reflection()
    {
        var output = await BufCurlAsync("--list-methods", server.Address.ToString());

        Assert.Contains("grpc.testing.TestService/UnaryCall", output, StringComparison.Ordinal);
        Assert.Contains("grpc.health.v1.Health/Watch", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_health_check()
    {
        var output = await BufCurlAsync("-d", "{}", new Uri(server.Address, "grpc.health.v1.Health/Check").ToString());

        Assert.Contains("\"status\": \"SERVING\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_a_method_whose_types_import_other_files()
    {
        var output = await BufCurlAsync(
            "-d", "{\"responseSize\": 3, \"responseCompressed\": true}",
            new Uri(server.Address, "grpc.testing.TestService/UnaryCall").ToString());

        Assert.Contains("\"body\": \"AAAA\"", output, StringComparison.Ordinal);
    }

    private static async Task<string> BufCurlAsync(params string[] arguments)
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            Peers.Buf,
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", .. arguments],
            TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, string.Create(CultureInfo.InvariantCulture, $"buf curl exited {exitCode}: {output}"));
        return output;
    }
}
