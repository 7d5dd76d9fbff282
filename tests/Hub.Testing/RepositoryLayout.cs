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

    /// <summary>The build configuration the tests were built in (Debug or Release), and so the projects they reference.</summary>
    public static string Configuration => typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>A project's build output (e.g. src/Hub, Hub.dll), in the configuration the tests were built in.</summary>
    public static string BuiltAssembly(string projectDirectory, string assemblyFile)
    {
        var path = Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assemblyFile);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first (the test project references it).", path);
    }
}
