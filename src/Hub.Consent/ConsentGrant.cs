using Hub.Consent.Identifiers;

namespace Hub.Consent;

/// <summary>
/// A consent as the grantor gave it (the GrantConsent fields): one recipient, one purpose, a set of
/// categories and a period (C1). It holds what was submitted, unchecked, so <see cref="GrantValidator"/>
/// can say what is wrong with it; lists are read, never kept, by the engine.
/// </summary>
public sealed record ConsentGrant
{
    public required PersonId Person { get; init; }

    public required AgencyId Recipient { get; init; }

    public required Purpose Purpose { get; init; }

    public required IReadOnlyList<DataCategory> Categories { get; init; }

    /// <summary>C4: each sensitive category in <see cref="Categories"/>, named again one by one.</summary>
    public IReadOnlyList<DataCategory> SensitiveAcknowledged { get; init; } = [];

    /// <summary>The agencies whose data the recipient may see; empty means every source (C5).</summary>
    public IReadOnlyList<AgencyId> SourceAgencies { get; init; } = [];

    /// <summary>Inclusive: the consent is usable from this instant on.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>Exclusive: the consent is no longer usable at this instant. Null only so a missing one can be reported (C2).</summary>
    public required DateTimeOffset? ExpiresAt { get; init; }

    public required GrantorRole GrantedBy { get; init; }

    public required CollectionMethod CollectionMethod { get; init; }

    /// <summary>The linked agency that recorded the grant (C7).</summary>
    public required AgencyId RecordedBy { get; init; }
}
