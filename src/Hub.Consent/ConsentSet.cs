using Hub.Consent.Identifiers;
using Hub.Consent.Internal;

namespace Hub.Consent;

/// <summary>
/// One person's consents, indexed once (by recipient, then purpose, then expiry) so that each decision
/// looks only at the recipient's consents for the purpose that are still unexpired at the instant.
/// Immutable, so one set can answer concurrent requests.
/// </summary>
public sealed class ConsentSet
{
    private readonly Dictionary<AgencyId, RecipientConsents> _byRecipient;

    /// <param name="person">Whose consents these are.</param>
    /// <param name="records">The person's consent records, in any order; the answer doesn't depend on it.</param>
    /// <exception cref="ArgumentException">A record is about another person: deciding from it would leak one person's consent onto another's data.</exception>
    public ConsentSet(PersonId person, IEnumerable<ConsentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var all = records.ToList();
        var stranger = all.Find(record => record.Grant.Person != person);
        if (stranger is not null)
        {
            throw new ArgumentException($"Consent {stranger.Id} is about {stranger.Grant.Person}, not {person}.", nameof(records));
        }

        Person = person;
        _byRecipient = all.GroupBy(record => record.Grant.Recipient).ToDictionary(group => group.Key, group => new RecipientConsents(group));
    }

    public PersonId Person { get; }

    /// <summary>The agencies the person's consents name as recipient, each once.</summary>
    public IEnumerable<AgencyId> Recipients => _byRecipient.Keys;

    /// <summary>
    /// Which requested categories the recipient may see for the purpose at the instant, from each source
    /// asked about, and why each other one is withheld. Never throws for a well-formed request object:
    /// unknown purposes, agencies and categories are simply not consented.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A category is permitted from a source when a consent of this recipient, for exactly this purpose,
    /// is active at the instant (not revoked, <c>valid_from &lt;= At &lt; expires_at</c>), lists the category
    /// and names that source or no source (C1–C3, C5). A purpose never stands in for another, so EMERGENCY
    /// is permitted only by consents given for EMERGENCY; break-glass access without consent (C8) is the
    /// server's to grant.
    /// </para>
    /// <para>
    /// A withheld category gets the first of these that holds, so the answer doesn't depend on the order
    /// the consents are stored in:
    /// 1. CONSENT_REVOKED: a revoked consent for this recipient and purpose listed it;
    /// 2. CONSENT_EXPIRED: an expired one listed it;
    /// 3. NOT_YET_VALID: one that is not valid yet lists it;
    /// 4. CATEGORY_NOT_CONSENTED: the recipient holds an active consent for this purpose, but none that
    ///    lists the category for a source asked about;
    /// 5. PURPOSE_NOT_CONSENTED: an active consent for another purpose lists it;
    /// 6. NO_ACTIVE_CONSENT.
    /// The reasons tied to a consent that covered this very category come before those about the
    /// recipient's consents in general, and of those the person's own final act, revocation, comes first,
    /// so a recipient is never steered to renew what the person withdrew. Steps 1–3 don't look at which
    /// sources a consent named: a reason explains a refusal, it releases nothing.
    /// </para>
    /// </remarks>
    public AccessDecision Decide(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recipient = _byRecipient.GetValueOrDefault(request.Recipient) ?? RecipientConsents.None;
        var requested = request.Categories.IsEmpty ? CategoryMask.All : request.Categories.Bits;
        return AccessDecider.Decide(recipient, request.Purpose, requested, request.Sources, request.At.UtcTicks);
    }
}
