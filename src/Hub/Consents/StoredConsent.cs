using Hub.Audit;
using Hub.Consent;
using Hub.Consent.Identifiers;

namespace Hub.Consents;

/// <summary>
/// A consent row: the engine's record plus what the hub keeps beside it for people to read — among it
/// who revoked it: an agency, or the person themselves (C7).
/// </summary>
internal sealed record StoredConsent(ConsentRecord Record, string? EvidenceReference, Actor? RevokedBy, string? RevocationReason)
{
    public ConsentId Id => Record.Id;

    public ConsentGrant Grant => Record.Grant;
}
