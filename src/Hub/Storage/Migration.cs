using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Hub.Storage;

/// <summary>One numbered schema change.</summary>
internal sealed partial record Migration(int Version, string Description, string Sql)
{
    /// <summary>
    /// The migrations embedded in the hub from Storage/Migrations/NNNN_description.sql, in version
    /// order. A misnamed file or a repeated number fails here, at start, rather than being skipped.
    /// </summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        // Hub.csproj gives each migration the logical name Migrations.<file name>.
        const string resourcePrefix = "Migrations.";
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .Select(name => Load(assembly, name, name[resourcePrefix.Length..]))
            .OrderBy(migration => migration.Version)
            .ToList();
        var repeated = migrations.GroupBy(migration => migration.Version).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidOperationException($"More than one migration is numbered {repeated.Key.ToString(CultureInfo.InvariantCulture)}.");
        }
        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName, string fileName)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration {fileName} is not named NNNN_description.sql.");
        }
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(
            int.Parse(match.Groups["version"].ValueSpan, CultureInfo.InvariantCulture),
            match.Groups["description"].Value,
            reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<description>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
