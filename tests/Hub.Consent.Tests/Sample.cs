using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests;

/// <summary>A person, the agencies around them and a valid grant, for the example tests to vary with <c>with</c>.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset Start = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = Start.AddYears(1);
    public static readonly DateOnly AdultBirthDate = new(1990, 6, 15);

    public static readonly PersonId Person = OpaqueId.New<PersonId>();
    public static readonly AgencyId EmploymentOffice = OpaqueId.New<AgencyId>();
    public static readonly AgencyId Clinic = OpaqueId.New<AgencyId>();
    public static readonly AgencyId School = OpaqueId.New<AgencyId>();
    public static readonly AgencyId WelfareOffice = OpaqueId.New<AgencyId>();

    /// <summary>The clinic may see the employment office's support plan and daily reports for care coordination, for a year.</summary>
    public static readonly ConsentGrant Grant = new()
    {
        Person = Person,
        Recipient = Clinic,
        Purpose = Purpose.CareCoordination,
        Categories = [DataCategory.SupportPlan, DataCategory.DailyReports],
        ValidFrom = Start,
        ExpiresAt = End,
        GrantedBy = GrantorRole.Subject,
        CollectionMethod = CollectionMethod.Written,
        RecordedBy = WelfareOffice,
    };

    public static ConsentRecord Record(ConsentGrant grant, DateTimeOffset? revokedAt = null) =>
        new(OpaqueId.New<ConsentId>(), grant, grant.ValidFrom, revokedAt);

    public static AccessRequest Request(Purpose purpose, DateTimeOffset at, params DataCategory[] categories) => new()
    {
        Recipient = Clinic,
        Purpose = purpose,
        Categories = CategorySet.Of(categories),
        At = at,
    };
}
