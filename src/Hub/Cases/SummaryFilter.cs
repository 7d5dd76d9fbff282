using Hub.Consent;
using Hub.Consents;
using Hub.V1;

namespace Hub.Cases;

/// <summary>
/// Cuts summaries down to what a reader may see (C5): per author, only the sections of the categories
/// visible from that author; a summary with nothing left is dropped whole, so the answer does not
/// reveal that the author wrote anything.
/// </summary>
internal static class SummaryFilter
{
    public static List<CaseSummary> Keep(IEnumerable<CaseSummary> summaries, Func<string, CategorySet> visibleFromAuthor)
    {
        var kept = new List<CaseSummary>();
        foreach (var summary in summaries)
        {
            var visible = visibleFromAuthor(summary.AuthorAgencyId);
            var sections = summary.Sections.Where(section => visible.Contains(ConsentMessages.ToEngine(section.Category))).ToList();
            if (sections.Count > 0)
            {
                var copy = summary.Clone();
                copy.Sections.Clear();
                copy.Sections.Add(sections);
                kept.Add(copy);
            }
        }

        return kept;
    }

    /// <summary>The categories of every section in the summaries.</summary>
    public static CategorySet Categories(IEnumerable<CaseSummary> summaries) =>
        CategorySet.Of(summaries.SelectMany(summary => summary.Sections).Select(section => ConsentMessages.ToEngine(section.Category)));
}
