using Hub.Rpc;
using Hub.V1;

namespace Hub.Cases;

/// <summary>Checks the sections of a summary to publish: each category once, each field within bounds, something said in each (R1).</summary>
internal static class CaseSections
{
    /// <summary>A few pages of text per field: a summary, not the case file.</summary>
    public const int MaxFieldLength = 8_000;

    /// <summary>All sections together, encoded; keeps a summary one reasonable message however its fields are filled.</summary>
    public const int MaxSummaryBytes = 64 * 1024;

    /// <returns>The sections in category order.</returns>
    public static IReadOnlyList<CaseSection> Validate(IReadOnlyCollection<CaseSection> sections)
    {
        if (sections.Count == 0)
        {
            throw Errors.InvalidField("sections", "A summary needs at least one section.");
        }

        var seen = new HashSet<DataCategory>();
        foreach (var section in sections)
        {
            var category = Rpc.Validate.DefinedEnum(section.Category, "sections.category");
            if (!seen.Add(category))
            {
                throw Errors.InvalidField("sections", $"{ProtoEnum<V1.DataCategory>.Name(category)} has more than one section; a summary has at most one per category.");
            }

            CheckLength(section.Facts, "sections.facts");
            CheckLength(section.Assessment, "sections.assessment");
            CheckLength(section.Plan, "sections.plan");
            CheckLength(section.PersonWords, "sections.person_words");
            if (string.IsNullOrWhiteSpace(section.Facts) && string.IsNullOrWhiteSpace(section.Assessment)
                && string.IsNullOrWhiteSpace(section.Plan) && string.IsNullOrWhiteSpace(section.PersonWords))
            {
                throw Errors.InvalidField("sections", $"The {ProtoEnum<V1.DataCategory>.Name(category)} section says nothing: give facts, assessment, plan or the person's words.");
            }
        }

        if (sections.Sum(section => section.CalculateSize()) > MaxSummaryBytes)
        {
            throw Errors.InvalidField("sections", $"The summary is larger than {MaxSummaryBytes / 1024} KiB; share a summary, not the case file.");
        }

        return [.. sections.OrderBy(section => section.Category)];
    }

    private static void CheckLength(string text, string field)
    {
        if (text.Length > MaxFieldLength)
        {
            throw Errors.InvalidField(field, $"{field} may be at most {MaxFieldLength} characters.");
        }
    }
}
