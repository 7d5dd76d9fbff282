using Hub.Consent.Identifiers;

namespace Hub.Consent.Internal;

/// <summary>The decision itself: one pass over the consents for the purpose that are unexpired at the instant.</summary>
internal static class AccessDecider
{
    public static AccessDecision Decide(
        RecipientConsents recipient, Purpose purpose, uint requested, IReadOnlyCollection<AgencyId>? sources, long instant)
    {
        var forPurpose = recipient.For(purpose).At(instant);
        var permissions = new PermissionCollector(Distinct(sources), forPurpose.Unexpired.Length);
        var pending = 0u;
        var activeForPurpose = false;
        foreach (ref readonly var consent in forPurpose.Unexpired)
        {
            if (consent.StatusAt(instant) == ConsentStatus.Pending)
            {
                pending |= consent.Categories;
                continue;
            }

            activeForPurpose = true;
            var categories = consent.Categories & requested;
            if (categories != 0)
            {
                permissions.Add(consent, categories);
            }
        }

        var permitted = permissions.Permitted;
        var denials = DenialPrecedence.Explain(requested & ~permitted, forPurpose, pending, activeForPurpose, recipient, purpose, instant);
        return new AccessDecision(permissions.BySource(), new CategorySet(permitted), denials, permissions.ConsentIds);
    }

    /// <summary>Each source once, in the order first asked; a linear scan, as a request names a handful.</summary>
    private static AgencyId[]? Distinct(IReadOnlyCollection<AgencyId>? sources)
    {
        if (sources is null)
        {
            return null;
        }

        var distinct = new AgencyId[sources.Count];
        var count = 0;
        foreach (var source in sources)
        {
            if (Array.IndexOf(distinct, source, 0, count) < 0)
            {
                distinct[count++] = source;
            }
        }

        return count == distinct.Length ? distinct : distinct[..count];
    }
}
