using Hub.V1;

namespace Hub.Tests.Infrastructure;

/// <summary>Case summaries for tests: one section per category, its text naming the author and category so leaks are easy to spot.</summary>
public static class CaseRequests
{
    public static PublishCaseSummaryRequest Publish(string personId, string author, params DataCategory[] categories) => new()
    {
        PersonId = personId,
        Sections = { categories.Select(category => Section(author, category)) },
    };

    public static CaseSection Section(string author, DataCategory category) => new()
    {
        Category = category,
        Facts = $"{author}: facts about {category}",
        Assessment = $"{author}: assessment of {category}",
        Plan = $"{author}: plan for {category}",
        PersonWords = $"{author}: \"my words on {category}\"",
    };

    public static GetCaseSummaryRequest Read(string personId, Purpose purpose, params DataCategory[] categories) => new()
    {
        PersonId = personId,
        Purpose = purpose,
        Categories = { categories },
    };
}
