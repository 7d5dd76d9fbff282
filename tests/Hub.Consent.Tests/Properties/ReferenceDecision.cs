using Hub.Consent.Identifiers;

namespace Hub.Consent.Tests.Properties;

/// <summary>
/// The decision written straight from the rules, with no index: slow and obviously right, so the engine
/// can be checked against it on generated scenarios.
/// </summary>
internal static class ReferenceDecision
{
    public static string Render(Scenario scenario)
    {
        var (consents, request) = (scenario.Consents, scenario.Request);
        var at = request.At;
        var requested = (request.Categories.IsEmpty ? CategorySet.All : request.Categories).ToList();
        var sources = request.Sources?.Distinct().Select(source => (AgencyId?)source).ToList() ?? [null];
        var forPurpose = consents.Where(consent => consent.Grant.Recipient == request.Recipient && IsPurpose(request.Purpose) && consent.Grant.Purpose == request.Purpose).ToList();
        var active = forPurpose.Where(consent => consent.StatusAt(at) == ConsentStatus.Active)
            .OrderBy(consent => consent.Grant.ExpiresAt!.Value.UtcTicks).ThenBy(consent => consent.Id.Value, StringComparer.Ordinal).ToList();

        var bySource = sources.Select(source => (
            Source: source,
            Categories: requested.Where(category => active.Any(consent => AppliesTo(consent, source) && consent.Grant.Categories.Contains(category))).ToList(),
            ConsentIds: active.Where(consent => AppliesTo(consent, source) && requested.Any(consent.Grant.Categories.Contains)).Select(consent => consent.Id).ToList()))
            .ToList();
        var permitted = requested.Where(category => bySource.Any(entry => entry.Categories.Contains(category))).ToList();
        var denied = requested.Except(permitted).Select(category => KeyValuePair.Create(category, Reason(category))).ToList();
        var used = active.Where(consent => sources.Any(source => AppliesTo(consent, source)) && requested.Any(consent.Grant.Categories.Contains)).Select(consent => consent.Id);
        return Rendering.Render(bySource.Select(entry => (entry.Source, (IEnumerable<DataCategory>)entry.Categories, (IEnumerable<ConsentId>)entry.ConsentIds)), permitted, denied, used);

        DenialReason Reason(DataCategory category)
        {
            bool Lists(ConsentRecord consent) => consent.Grant.Categories.Contains(category);
            if (forPurpose.Any(consent => consent.RevokedAt.HasValue && Lists(consent)))
            {
                return DenialReason.ConsentRevoked;
            }

            if (forPurpose.Any(consent => consent.StatusAt(at) == ConsentStatus.Expired && Lists(consent)))
            {
                return DenialReason.ConsentExpired;
            }

            if (forPurpose.Any(consent => consent.StatusAt(at) == ConsentStatus.Pending && Lists(consent)))
            {
                return DenialReason.NotYetValid;
            }

            if (active.Count > 0)
            {
                return DenialReason.CategoryNotConsented;
            }

            var otherPurposeLists = consents.Any(consent => consent.Grant.Recipient == request.Recipient && IsPurpose(consent.Grant.Purpose)
                && consent.Grant.Purpose != request.Purpose && consent.StatusAt(at) == ConsentStatus.Active && Lists(consent));
            return otherPurposeLists ? DenialReason.PurposeNotConsented : DenialReason.NoActiveConsent;
        }
    }

    private static bool IsPurpose(Purpose purpose) => Enum.IsDefined(purpose) && purpose != Purpose.Unspecified;

    private static bool AppliesTo(ConsentRecord consent, AgencyId? source) =>
        source is not { } agency || consent.Grant.SourceAgencies.Count == 0 || consent.Grant.SourceAgencies.Contains(agency);
}
