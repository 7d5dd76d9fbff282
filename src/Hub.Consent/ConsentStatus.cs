namespace Hub.Consent;

/// <summary>
/// Where a consent stands at a given instant (DESIGN §3 <c>hub.v1.ConsentStatus</c>; the numbers are the
/// proto's). Computed, never stored: see <see cref="ConsentRecord.StatusAt"/>.
/// </summary>
public enum ConsentStatus
{
    Unspecified = 0,

    /// <summary>Recorded, but its <c>valid_from</c> is still ahead.</summary>
    Pending = 1,
    Active = 2,
    Expired = 3,
    Revoked = 4,

    /// <summary>
    /// A consent request (C9) the person has not answered. Never a record's status: requests are kept
    /// apart from consent records, so the engine never sees one and it permits nothing.
    /// </summary>
    Requested = 5,

    /// <summary>A consent request the person declined; like <see cref="Requested"/>, never a record's status.</summary>
    Declined = 6,
}
