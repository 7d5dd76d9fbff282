using Hub.Consent;
using Hub.Consent.Identifiers;

namespace Hub.Consents;

/// <summary>
/// A consent an agency drafted for the person to answer (C9). It is not a consent record, and nothing
/// decides on it; approval turns it into one, under the same id.
/// </summary>
internal sealed record StoredConsentRequest
{
    public required ConsentId Id { get; init; }

    public required PersonId Person { get; init; }

    public required AgencyId Recipient { get; init; }

    public required Purpose Purpose { get; init; }

    public required IReadOnlyList<DataCategory> Categories { get; init; }

    public required IReadOnlyList<AgencyId> SourceAgencies { get; init; }

    /// <summary>Null: from the moment the person approves.</summary>
    public required DateTimeOffset? ValidFrom { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string Explanation { get; init; }

    public required AgencyId RequestedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public bool? Approved { get; init; }

    public bool IsOpen => AnsweredAt is null;

    public IEnumerable<DataCategory> SensitiveCategories => Categories.Where(category => category.IsSensitive());

    /// <summary>
    /// The consent it becomes when <paramref name="grantor"/> approves it at <paramref name="now"/>,
    /// acknowledging <paramref name="sensitiveAcknowledged"/> (C4): electronic, recorded by the agency that asked.
    /// </summary>
    public ConsentGrant ToGrant(GrantorRole grantor, IReadOnlyList<DataCategory> sensitiveAcknowledged, DateTimeOffset now) => new()
    {
        Person = Person,
        Recipient = Recipient,
        Purpose = Purpose,
        Categories = Categories,
        SensitiveAcknowledged = [.. sensitiveAcknowledged.Distinct().Order()],
        SourceAgencies = SourceAgencies,
        ValidFrom = ValidFrom ?? now,
        ExpiresAt = ExpiresAt,
        GrantedBy = grantor,
        CollectionMethod = CollectionMethod.Electronic,
        RecordedBy = RequestedBy,
    };
}
