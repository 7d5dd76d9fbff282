using Hub.Consent.Identifiers;
using Hub.Consent.Internal;

namespace Hub.Consent;

/// <summary>The answer to an <see cref="AccessRequest"/>; see <see cref="ConsentSet.Decide"/>.</summary>
public sealed class AccessDecision
{
    internal AccessDecision(
        IReadOnlyList<SourcePermission> permittedBySource,
        CategorySet permitted,
        IReadOnlyDictionary<DataCategory, DenialReason> denied,
        IReadOnlyList<ConsentId> consentIds)
    {
        PermittedBySource = permittedBySource;
        Permitted = permitted;
        Denied = denied;
        ConsentIds = consentIds;
    }

    /// <summary>One entry per distinct source asked about, in the order asked; a single entry with no source when none were named.</summary>
    public IReadOnlyList<SourcePermission> PermittedBySource { get; }

    /// <summary>The categories permitted from at least one source asked about.</summary>
    public CategorySet Permitted { get; }

    /// <summary>Every requested category not in <see cref="Permitted"/>, with why, in category order.</summary>
    public IReadOnlyDictionary<DataCategory, DenialReason> Denied { get; }

    /// <summary>
    /// The reason to give when the whole request is refused: of the reasons in <see cref="Denied"/>, the
    /// one that comes first in the precedence <see cref="ConsentSet.Decide"/> documents, so that a
    /// revocation is reported as such even when other categories were never consented. Null when nothing was denied.
    /// </summary>
    public DenialReason? ForemostDenial =>
        Denied.Count == 0 ? null : DenialPrecedence.Order.First(reason => Denied.Values.Contains(reason));

    /// <summary>The consents that permit anything in this answer (for the audit record, A1), each once.</summary>
    public IReadOnlyList<ConsentId> ConsentIds { get; }
}
