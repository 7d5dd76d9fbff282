using Google.Protobuf.WellKnownTypes;
using Hub.V1;

namespace Hub.Tests.Infrastructure;

/// <summary>Well-formed consent requests for tests to start from and spoil one field at a time.</summary>
public static class ConsentRequests
{
    private static readonly DataCategory[] Sensitive =
        [DataCategory.Diagnosis, DataCategory.Medication, DataCategory.TraumaHistory, DataCategory.SexualOrientationGenderIdentity];

    /// <summary>A grant by the person themselves, in writing, valid from now for a year, with every sensitive category acknowledged.</summary>
    public static GrantConsentRequest Grant(string personId, string recipientAgencyId, Purpose purpose, params DataCategory[] categories) => new()
    {
        PersonId = personId,
        RecipientAgencyId = recipientAgencyId,
        Purpose = purpose,
        Categories = { categories },
        SensitiveAcknowledged = { categories.Where(Sensitive.Contains) },
        ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
        GrantedBy = GrantorRole.Subject,
        CollectionMethod = CollectionMethod.Written,
    };

    public static CheckAccessRequest Check(string personId, Purpose purpose, params DataCategory[] categories) => new()
    {
        PersonId = personId,
        Purpose = purpose,
        Categories = { categories },
    };
}
