namespace Hub.Consent;

public static class DataCategoryExtensions
{
    /// <summary>
    /// C4: the categories a person must consent to one by one (seeds: 診断名, トラウマ歴, 性的指向 are
    /// consented in a separate clause and shared only as far as necessary).
    /// </summary>
    public static bool IsSensitive(this DataCategory category) => category is DataCategory.Diagnosis
        or DataCategory.Medication
        or DataCategory.TraumaHistory
        or DataCategory.SexualOrientationGenderIdentity;
}
