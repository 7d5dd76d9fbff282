using System.IO.Compression;
using System.Xml.Linq;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>Hub.Client packs as the NuGet package a partner developer references: the library, its XML docs, and what it depends on.</summary>
public sealed class ClientPackageTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("hub-client-pack-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task Dotnet_pack_gives_the_library_with_its_docs_and_dependencies()
    {
        var project = Path.Combine(RepositoryLayout.Root, "src", "Hub.Client", "Hub.Client.csproj");
        var (exitCode, output) = await ExternalProgram.RunAsync(
            "dotnet", ["pack", project, "-c", RepositoryLayout.Configuration, "--no-build", "-o", _output, "-nologo"], TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, output);

        using var package = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(_output, "Hub.Client.*.nupkg")));
        var files = package.Entries.Select(entry => entry.FullName).ToList();
        Assert.Contains("lib/net10.0/Hub.Client.dll", files);
        Assert.Contains("lib/net10.0/Hub.Client.xml", files);
        var nuspec = XDocument.Load(package.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var dependencies = nuspec.Descendants().Where(element => element.Name.LocalName == "dependency").Select(element => (string)element.Attribute("id")!).ToList();
        Assert.Contains("Hub.Contracts", dependencies);
        Assert.Contains("Grpc.Net.Client", dependencies);
        Assert.Contains("Duende.IdentityModel", dependencies);
    }
}
