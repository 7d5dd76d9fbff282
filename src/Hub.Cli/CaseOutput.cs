using Hub.V1;

namespace Hub.Cli;

/// <summary>Case summaries as hubctl prints them: the author named, each section's four parts labelled apart (DESIGN.md R1).</summary>
internal static class CaseOutput
{
    /// <summary>The summary's author, version and time, then its sections, each under its category.</summary>
    public static void Print(TextOutput output, CaseSummary summary, AgencyNames names)
    {
        output.Fields(
            ("author", names.NameAndId(summary.AuthorAgencyId)),
            ("version", $"{summary.Version}"),
            ("published at", TextOutput.Time(summary.PublishedAt)));
        foreach (var section in summary.Sections)
        {
            output.Line();
            output.Line(ProtoEnum<DataCategory>.ShortName(section.Category));
            // Every part is printed, an empty one as "(none)": that the author wrote no assessment is worth seeing.
            output.Fields(
                indent: 2,
                ("Facts", OrNone(section.Facts)),
                ("Assessment", OrNone(section.Assessment)),
                ("Plan", OrNone(section.Plan)),
                ("In the person's words", OrNone(section.PersonWords)));
        }
    }

    private static string OrNone(string text) => string.IsNullOrWhiteSpace(text) ? "(none)" : text;
}
