using System.Globalization;
using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>The hub as ./run.sh starts it, seen by independent gRPC clients.</summary>
public sealed class HubProcessTests(RunningHub running) : IClassFixture<RunningHub>
{
    [Fact]
    public async Task Python_grpcio_reports_the_hub_serving()
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            Peers.Python,
            [Peers.Script("health_check.py"), "--descriptor-set", running.DescriptorSetPath, "--port", running.Process.GrpcPort.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, output);
        Assert.Equal("SERVING", output.Trim());
    }

    [Fact]
    public async Task Buf_curl_lists_the_hub_services()
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            Peers.Buf,
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-services", running.Process.GrpcAddress.ToString()],
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
        Assert.Contains("hub.v1.EchoService", output, StringComparison.Ordinal);
        Assert.Contains("grpc.health.v1.Health", output, StringComparison.Ordinal);
        Assert.Contains("grpc.reflection.v1.ServerReflection", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buf_curl_without_a_token_is_refused_by_the_hub_services()
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            Peers.Buf,
            ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "-d", "{\"payload\": \"aHVi\"}", new Uri(running.Process.GrpcAddress, "hub.v1.EchoService/Echo").ToString()],
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unauthenticated", output, StringComparison.Ordinal);
        Assert.Contains("UNAUTHENTICATED_CLIENT", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ErrorInfoValue(output))), StringComparison.Ordinal);
    }

    /// <summary>buf curl prints the ErrorInfo detail as base64 protobuf; the reason is readable inside it.</summary>
    private static string ErrorInfoValue(string output)
    {
        var value = System.Text.RegularExpressions.Regex.Match(output, "\"value\": \"([A-Za-z0-9+/=_-]+)\"").Groups[1].Value;
        return value.PadRight((value.Length + 3) / 4 * 4, '=');
    }
}
