namespace ConsentDecision;

/// <summary>How one person's consents are spread.</summary>
public enum Shape
{
    /// <summary>Across up to 50 recipients × 6 purposes, each pair a history of yearly renewals ending in a current one.</summary>
    Spread,

    /// <summary>All for the asking recipient and purpose: a long history of expired and revoked consents, three current.</summary>
    OnePairHistory,

    /// <summary>All for the asking recipient and purpose and all active at once: the answer itself lists every one.</summary>
    OnePairAllActive,
}
