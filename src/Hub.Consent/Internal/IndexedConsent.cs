using Hub.Consent.Identifiers;

namespace Hub.Consent.Internal;

/// <summary>An unrevoked consent reduced to what a decision compares: bits and ticks.</summary>
internal readonly struct IndexedConsent(ConsentRecord record)
{
    private readonly AgencyId[] _sources = [.. record.Grant.SourceAgencies];

    public ConsentId Id { get; } = record.Id;

    public uint Categories { get; } = CategoryMask.OfListed(record.Grant.Categories);

    public long ValidFrom { get; } = record.Grant.ValidFrom.UtcTicks;

    public long ExpiresAt { get; } = ConsentWindow.ExpiryTicks(record.Grant.ExpiresAt);

    /// <summary>Never <see cref="ConsentStatus.Revoked"/>: revoked consents are not indexed one by one.</summary>
    public ConsentStatus StatusAt(long instant) => ConsentWindow.StatusAt(false, ValidFrom, ExpiresAt, instant);

    /// <summary>C5: a consent naming no source agency covers them all.</summary>
    public bool AppliesTo(AgencyId source) => _sources.Length == 0 || Array.IndexOf(_sources, source) >= 0;
}
