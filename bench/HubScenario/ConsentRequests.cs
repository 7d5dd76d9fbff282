using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>check_access: the employment centre asks what it may see of the person for employment support.</summary>
internal static class ConsentRequests
{
    public static BenchRequest CheckAccess { get; } = new BenchRequest<CheckAccessRequest, CheckAccessResponse>(
        "check_access",
        ConsentService.Descriptor.FindMethodByName("CheckAccess"),
        (channel, request, options) => channel.Consents().CheckAccessAsync(request, options),
        subjects => new CheckAccessRequest
        {
            PersonId = subjects.PersonId,
            Purpose = Purpose.EmploymentSupport,
            Categories = { DataCategory.EmploymentStatus, DataCategory.Diagnosis },
        },
        (_, response) => new Verdict(
            response.PermittedCategories.SequenceEqual([DataCategory.EmploymentStatus])
                && response.Denied.Count == 1 && response.Denied[0].Category == DataCategory.Diagnosis,
            $"permitted [{string.Join(", ", response.PermittedCategories)}], denied [{string.Join(", ", response.Denied.Select(denied => $"{denied.Category} ({denied.Reason})"))}]"));
}
