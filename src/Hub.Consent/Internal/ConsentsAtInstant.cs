namespace Hub.Consent.Internal;

/// <summary>One recipient-and-purpose's consents as they stand at an instant.</summary>
/// <param name="revoked">Categories listed by revoked consents.</param>
/// <param name="expired">Categories listed by unrevoked consents expired at the instant.</param>
/// <param name="unexpired">The unrevoked consents not expired at the instant: each active or pending.</param>
internal readonly ref struct ConsentsAtInstant(uint revoked, uint expired, ReadOnlySpan<IndexedConsent> unexpired)
{
    public uint Revoked { get; } = revoked;

    public uint Expired { get; } = expired;

    public ReadOnlySpan<IndexedConsent> Unexpired { get; } = unexpired;
}
