using Hub.Interop.Tests.Infrastructure;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>The public contract stays buf-lint clean (DESIGN.md §2), so partners get the conventions they expect.</summary>
public sealed class BufLintTests
{
    [Fact]
    public async Task Protos_pass_buf_lint()
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(Peers.Buf, ["lint", Path.Combine(RepositoryLayout.Root, "protos")], TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
    }
}
