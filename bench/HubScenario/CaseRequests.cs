using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>get_case_summary: the employment centre reads the person's summaries for employment support — consent check, audit commit, filtered answer.</summary>
internal static class CaseRequests
{
    public static BenchRequest GetCaseSummary { get; } = new BenchRequest<GetCaseSummaryRequest, GetCaseSummaryResponse>(
        "get_case_summary",
        CaseService.Descriptor.FindMethodByName("GetCaseSummary"),
        (channel, request, options) => channel.Cases().GetCaseSummaryAsync(request, options),
        subjects => new GetCaseSummaryRequest { PersonId = subjects.PersonId, Purpose = Purpose.EmploymentSupport },
        (_, response) => new Verdict(
            response.Summaries.Count == 1
                && response.Summaries[0].Sections.Select(section => section.Category).SequenceEqual([DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations])
                && response.AccessRecordId.Length > 0,
            $"{response.Summaries.Count} summaries, sections [{string.Join(", ", response.Summaries.SelectMany(summary => summary.Sections).Select(section => section.Category))}], record {response.AccessRecordId}"));
}
