using Hub.V1;

namespace HubScenario;

/// <summary>The summaries the welfare office and the hospital publish: a realistic size, a section per category.</summary>
internal static class CaseSummaries
{
    public static PublishCaseSummaryRequest Welfare(string personId) => new()
    {
        PersonId = personId,
        Sections =
        {
            Section(DataCategory.EmploymentStatus, "Works 20 hours a week in data entry since April; attendance steady for three months.",
                "Pace is sustainable; fatigue rises after overtime.", "Review hours at the next meeting.", "I want to try 25 hours after summer."),
            Section(DataCategory.WorkplaceAccommodations, "Quiet desk, written instructions, a fixed break at 15:00 agreed with the employer.",
                "Accommodations work; written task lists reduce errors.", "Employment centre to confirm with the employer monthly.", "The lists help me a lot."),
            Section(DataCategory.LivingSituation, "Lives alone in a public housing flat; meals partly from a lunch service.",
                "Daily routine stable; isolation on weekends.", "Invite to the Saturday drop-in.", "Weekends are long."),
        },
    };

    public static PublishCaseSummaryRequest Hospital(string personId) => new()
    {
        PersonId = personId,
        Sections =
        {
            Section(DataCategory.Diagnosis, "Outpatient since 2023; diagnosis recorded in the hospital file.",
                "Symptoms in remission.", "Monthly outpatient visit.", "I sleep better now."),
            Section(DataCategory.SupportPlan, "Monthly visit; medication reviewed every three months.",
                "Plan is followed.", "Coordinate visit times with work hours.", "Mornings are hard for appointments."),
        },
    };

    private static CaseSection Section(DataCategory category, string facts, string assessment, string plan, string personWords) => new()
    {
        Category = category,
        Facts = facts,
        Assessment = assessment,
        Plan = plan,
        PersonWords = personWords,
    };
}
