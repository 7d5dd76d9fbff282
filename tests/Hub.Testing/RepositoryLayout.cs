using System.Reflection;

namespace Hub.Testing;

/// <summary>Where the checkout and the build outputs of its projects are.</summary>
public static class RepositoryLayout
{
    /// <summary>The checkout the tests were built from: the folder holding Hub.sln.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hub.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The tests are not inside a checkout of the hub.");
        }
    }

    /// <summary>A project's build output (e.g. src/Hub, Hub.dll), in the configuration the tests were built in.</summary>
    public static string BuiltAssembly(string projectDirectory, string assemblyFile)
    {
        var configuration = typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(Root, projectDirectory, "bin", configuration, "net10.0", assemblyFile);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first (the test project references it).", path);
    }
}
