using Hub.Consent;
using Hub.Consent.Identifiers;

namespace Hub.Consents;

/// <summary>A consent row: the engine's record plus what the hub keeps beside it for people to read.</summary>
internal sealed record StoredConsent(ConsentRecord Record, string? EvidenceReference, AgencyId? RevokedBy, string? RevocationReason)
{
    public ConsentId Id => Record.Id;

    public ConsentGrant Grant => Record.Grant;
}
