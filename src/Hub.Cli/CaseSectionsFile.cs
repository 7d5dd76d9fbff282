using System.Text.Json;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// The sections of a summary to publish, from a JSON file: an array with one object per section,
/// <c>[{"category": "EMPLOYMENT_STATUS", "facts": "…", "assessment": "…", "plan": "…", "person_words": "…"}]</c>,
/// the category named as hubctl's options name it. Only the file's shape is checked here; what a
/// summary may say (one section per category, something in each) is the hub's to answer.
/// </summary>
internal static class CaseSectionsFile
{
    public const string Example = """[{"category": "EMPLOYMENT_STATUS", "facts": "…", "assessment": "…", "plan": "…", "person_words": "…"}]""";

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    // The proto's field names, so a file can hold the sections as the API spells them.
    private static readonly Dictionary<string, Action<CaseSection, string>> TextFields = new(StringComparer.Ordinal)
    {
        ["facts"] = (section, text) => section.Facts = text,
        ["assessment"] = (section, text) => section.Assessment = text,
        ["plan"] = (section, text) => section.Plan = text,
        ["person_words"] = (section, text) => section.PersonWords = text,
    };

    /// <exception cref="UsageException">The file is not JSON, or not an array of sections.</exception>
    public static IReadOnlyList<CaseSection> Read(FileInfo file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file.FullName), Lenient);
        }
        catch (JsonException exception)
        {
            // The reader counts lines from 0; editors count from 1.
            throw Invalid(file, exception.LineNumber is { } line ? $"is not valid JSON (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(file, $"must hold an array of sections, e.g. {Example}");
            }

            return [.. document.RootElement.EnumerateArray().Select((element, index) => Section(file, element, $"section {index + 1}"))];
        }
    }

    private static CaseSection Section(FileInfo file, JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(file, $"{where} is not an object, e.g. {Example}");
        }

        var section = new CaseSection();
        foreach (var property in element.EnumerateObject())
        {
            // Null reads as left out, as a generator serialising an empty field would write it.
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(file, $"{where}: \"{property.Name}\" must be a string");
            }

            var text = property.Value.GetString()!;
            if (property.Name == "category")
            {
                section.Category = ProtoEnum<DataCategory>.TryParseShortName(text, out var category)
                    ? category
                    : throw Invalid(file, $"{where}: category '{text}' is not one of {string.Join(", ", ProtoEnum<DataCategory>.ShortNames)}");
            }
            else if (TextFields.TryGetValue(property.Name, out var set))
            {
                set(section, text);
            }
            else
            {
                // A misspelt field would otherwise drop its text without a word.
                throw Invalid(file, $"{where}: unknown field \"{property.Name}\"; a section has category, {string.Join(", ", TextFields.Keys)}");
            }
        }

        return section.Category != DataCategory.Unspecified ? section : throw Invalid(file, $"{where} has no category");
    }

    private static UsageException Invalid(FileInfo file, string problem) => new($"--file {file.Name}: {problem}.");
}
