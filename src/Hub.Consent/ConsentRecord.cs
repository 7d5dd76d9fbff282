using Hub.Consent.Identifiers;
using Hub.Consent.Internal;

namespace Hub.Consent;

/// <summary>A grant as the hub stored it.</summary>
/// <remarks>
/// <see cref="RevokedAt"/> is set once the consent is revoked (C3). A revoked consent counts as revoked at
/// every instant, even one before <see cref="RevokedAt"/>: revocation can't be undone, and hub nodes'
/// clocks differ, so a node whose clock lags the revoking node's must not read the consent as active.
/// </remarks>
public sealed record ConsentRecord(ConsentId Id, ConsentGrant Grant, DateTimeOffset RecordedAt, DateTimeOffset? RevokedAt = null)
{
    public ConsentStatus StatusAt(DateTimeOffset instant) => ConsentWindow.StatusAt(
        RevokedAt.HasValue, Grant.ValidFrom.UtcTicks, ConsentWindow.ExpiryTicks(Grant.ExpiresAt), instant.UtcTicks);
}
