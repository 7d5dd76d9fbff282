namespace Hub.Consent;

/// <summary>
/// What kind of information a case summary section holds (DESIGN §3 <c>hub.v1.DataCategory</c>; the
/// numbers are the proto's). See <see cref="DataCategoryExtensions.IsSensitive"/> for the C4 categories.
/// </summary>
public enum DataCategory
{
    Unspecified = 0,
    IdentityBasic = 1,
    EmploymentStatus = 2,
    SupportPlan = 3,
    WorkplaceAccommodations = 4,
    DailyReports = 5,
    LivingSituation = 6,
    FamilySituation = 7,
    EducationRecord = 8,
    CrisisPlan = 9,
    Diagnosis = 10,
    Medication = 11,
    TraumaHistory = 12,
    SexualOrientationGenderIdentity = 13,
}
