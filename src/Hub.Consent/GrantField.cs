namespace Hub.Consent;

/// <summary>The part of a grant a <see cref="GrantViolation"/> is about, in the order GrantConsent declares them.</summary>
public enum GrantField
{
    Person = 1,
    Recipient = 2,
    Purpose = 3,
    Categories = 4,
    SensitiveAcknowledged = 5,
    SourceAgencies = 6,
    ExpiresAt = 7,
    GrantedBy = 8,
    CollectionMethod = 9,
    RecordedBy = 10,
}
