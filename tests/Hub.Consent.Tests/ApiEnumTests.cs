namespace Hub.Consent.Tests;

/// <summary>The server maps these enums to the proto's by number, so their numbers must follow DESIGN §3's order.</summary>
public class ApiEnumTests
{
    [Fact]
    public void Numbers_follow_the_design_order_after_a_zero_unspecified()
    {
        AssertOrder<Purpose>("EmploymentSupport", "CareCoordination", "Treatment", "EducationSupport", "WelfareServicePlanning", "Emergency");
        AssertOrder<DataCategory>("IdentityBasic", "EmploymentStatus", "SupportPlan", "WorkplaceAccommodations", "DailyReports",
            "LivingSituation", "FamilySituation", "EducationRecord", "CrisisPlan", "Diagnosis", "Medication", "TraumaHistory",
            "SexualOrientationGenderIdentity");
        AssertOrder<GrantorRole>("Subject", "LegalGuardian", "Representative");
        AssertOrder<CollectionMethod>("Written", "Electronic", "VerbalWitnessed");
        AssertOrder<ConsentStatus>("Pending", "Active", "Expired", "Revoked", "Requested", "Declined");
        AssertOrder<DenialReason>("NoActiveConsent", "ConsentRevoked", "ConsentExpired", "PurposeNotConsented", "CategoryNotConsented", "NotYetValid");
    }

    [Fact]
    public void Exactly_the_four_C4_categories_are_sensitive()
    {
        var sensitive = Enum.GetValues<DataCategory>().Where(category => category.IsSensitive());

        Assert.Equal([DataCategory.Diagnosis, DataCategory.Medication, DataCategory.TraumaHistory, DataCategory.SexualOrientationGenderIdentity], sensitive);
    }

    private static void AssertOrder<TEnum>(params string[] names)
        where TEnum : struct, Enum
    {
        Assert.Equal(["Unspecified", .. names], Enum.GetNames<TEnum>());
        Assert.Equal(Enumerable.Range(0, names.Length + 1), Enum.GetValues<TEnum>().Select(value => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
