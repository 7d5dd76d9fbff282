using Hub.Consent.Identifiers;

namespace Hub.Consent;

/// <summary>What a recipient may see from one source agency.</summary>
public sealed class SourcePermission
{
    internal SourcePermission(AgencyId? source, CategorySet categories, IReadOnlyList<ConsentId> consentIds)
    {
        Source = source;
        Categories = categories;
        ConsentIds = consentIds;
    }

    /// <summary>The source agency asked about; null for the one answer to a request that named no sources.</summary>
    public AgencyId? Source { get; }

    /// <summary>The requested categories that may be released from this source.</summary>
    public CategorySet Categories { get; }

    /// <summary>The active consents that permit them, ordered by expiry, then id.</summary>
    public IReadOnlyList<ConsentId> ConsentIds { get; }
}
