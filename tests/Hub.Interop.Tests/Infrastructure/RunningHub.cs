using Grpc.Health.V1;
using Hub.Testing;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>
/// The real hub as ./run.sh starts it, shared by a test class, with the descriptor set the Python
/// peers build their health messages from.
/// </summary>
public sealed class RunningHub : IAsyncLifetime
{
    public HubProcess Process { get; private set; } = null!;

    public string DescriptorSetPath { get; } = Path.Combine(Path.GetTempPath(), $"hub-health-{Guid.NewGuid():N}.pb");

    public async Task InitializeAsync()
    {
        InteropServer.WriteDescriptorSet(DescriptorSetPath, HealthReflection.Descriptor);
        Process = await HubProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Process.DisposeAsync();
        File.Delete(DescriptorSetPath);
    }
}
