using System.Globalization;
using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>
/// A partner system in Python with nothing hub-specific: it fetches tokens from the token service
/// with plain HTTP (urllib) and calls the hub through grpcio with the token as metadata.
/// </summary>
public sealed class PythonTokenTests(RunningHub running) : IClassFixture<RunningHub>, IDisposable
{
    private readonly string _descriptorSet = Path.Combine(Path.GetTempPath(), $"hub-v1-{Guid.NewGuid():N}.pb");

    [Fact]
    public async Task Python_fetches_tokens_over_http_and_calls_the_hub_with_them()
    {
        InteropServer.WriteDescriptorSet(_descriptorSet, Hub.V1.AgencyReflection.Descriptor, Hub.V1.PersonReflection.Descriptor);

        var (exitCode, output) = await ExternalProgram.RunAsync(
            Peers.Python,
            [
                Peers.Script("token_client.py"),
                "--descriptor-set", _descriptorSet,
                "--port", running.Process.GrpcPort.ToString(CultureInfo.InvariantCulture),
                "--token-url", running.Process.TokenEndpoint.ToString(),
                "--admin-secret", Hub.Testing.HubProcess.AdminSecret,
            ],
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("ADMIN_TOKEN Bearer 300 hub.admin", lines);

        // The operator registered the agency; the agency then authenticated as its own client.
        var registered = Assert.Single(lines, line => line.StartsWith("REGISTERED ", StringComparison.Ordinal)).Split(' ');
        var (agencyId, clientId) = (registered[1], registered[2]);
        Assert.StartsWith("ag_", agencyId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(clientId));
        Assert.Contains(lines, line => line.StartsWith("AGENCY_TOKEN Bearer 300 ", StringComparison.Ordinal) && line.Contains("hub.cases", StringComparison.Ordinal));

        // RegisterPerson ran as that agency: the hub linked the caller, which it knows only from the token.
        var person = Assert.Single(lines, line => line.StartsWith("PERSON ", StringComparison.Ordinal)).Split(' ');
        Assert.StartsWith("p_", person[1], StringComparison.Ordinal);
        Assert.Equal("1994-10-03", person[2]);
        Assert.Equal($"linked={agencyId}", person[3]);

        Assert.Contains($"AGENCY {agencyId} Python Partner Clinic", lines);
        Assert.Contains("WRONG_SECRET invalid_client", lines);
        Assert.Contains(lines, line => line.StartsWith("NO_TOKEN UNAUTHENTICATED", StringComparison.Ordinal));
    }

    public void Dispose() => File.Delete(_descriptorSet);
}
