using Hub.Agencies;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using CollectionMethod = Hub.Consent.CollectionMethod;
using DataCategory = Hub.Consent.DataCategory;
using GrantorRole = Hub.Consent.GrantorRole;
using Purpose = Hub.Consent.Purpose;

namespace Hub.Consents;

/// <summary>
/// Turns a GrantConsentRequest into the engine's <see cref="ConsentGrant"/>. Only what the engine can't
/// judge is refused here (malformed ids and timestamps, EMERGENCY); the consent rules themselves are
/// <see cref="GrantValidator"/>'s.
/// </summary>
internal static class GrantRequests
{
    public static ConsentGrant ToGrant(GrantConsentRequest request, PersonId person, AgencyId recordedBy, DateTimeOffset now)
    {
        var purpose = (Purpose)request.Purpose;
        if (purpose == Purpose.Emergency)
        {
            throw Errors.InvalidField("purpose", "EMERGENCY access is break-glass only (C8); it can't be consented to.");
        }

        return new ConsentGrant
        {
            Person = person,
            Recipient = request.RecipientAgencyId.Length == 0 ? default : Validate.AgencyIdField(request.RecipientAgencyId, "recipient_agency_id"),
            Purpose = purpose,
            Categories = Normalized(request.Categories),
            SensitiveAcknowledged = Normalized(request.SensitiveAcknowledged),
            SourceAgencies = [.. Validate.AgencyIdFields(request.SourceAgencyIds, "source_agency_ids").Distinct()],
            // At the precision PostgreSQL keeps, so the rules judge, and the answer shows, what is stored.
            ValidFrom = Validate.OptionalInstant(request.ValidFrom, "valid_from") is { } validFrom ? StoredPrecision.Of(validFrom) : now,
            ExpiresAt = Validate.OptionalInstant(request.ExpiresAt, "expires_at") is { } expiresAt ? StoredPrecision.Of(expiresAt) : null,
            GrantedBy = (GrantorRole)request.GrantedBy,
            CollectionMethod = (CollectionMethod)request.CollectionMethod,
            RecordedBy = recordedBy,
        };
    }

    /// <summary>
    /// The consent a RequestConsentRequest asks for, as it would be if <paramref name="holder"/>
    /// approved it now acknowledging every sensitive category: what the rules are checked against at
    /// drafting (C9), the same rules GrantConsent applies.
    /// </summary>
    public static ConsentGrant ToGrant(RequestConsentRequest request, PersonId person, AgencyId requestedBy, GrantorRole holder, DateTimeOffset now) =>
        ToGrant(new GrantConsentRequest
        {
            RecipientAgencyId = request.RecipientAgencyId,
            Purpose = request.Purpose,
            Categories = { request.Categories },
            SensitiveAcknowledged = { request.Categories.Where(category => ConsentMessages.ToEngine(category).IsSensitive()) },
            SourceAgencyIds = { request.SourceAgencyIds },
            ValidFrom = request.ValidFrom,
            ExpiresAt = request.ExpiresAt,
            GrantedBy = (V1.GrantorRole)holder,
            CollectionMethod = V1.CollectionMethod.Electronic,
        }, person, requestedBy, now);

    /// <summary>The stored draft of a checked <paramref name="grant"/>; without a valid_from in the request it starts on approval.</summary>
    public static StoredConsentRequest ToDraft(ConsentGrant grant, bool startsOnApproval, string explanation, DateTimeOffset now) => new()
    {
        Id = OpaqueId.New<ConsentId>(),
        Person = grant.Person,
        Recipient = grant.Recipient,
        Purpose = grant.Purpose,
        Categories = grant.Categories,
        SourceAgencies = grant.SourceAgencies,
        ValidFrom = startsOnApproval ? null : grant.ValidFrom,
        ExpiresAt = grant.ExpiresAt!.Value,
        Explanation = explanation,
        RequestedBy = grant.RecordedBy,
        CreatedAt = now,
    };

    /// <summary>
    /// The first agency <paramref name="grant"/> names — its recipient, then its sources — that is no
    /// enabled agency of the directory, with the request field that names it; null when all are.
    /// Checked when a consent is drafted or granted and again when the person approves a request.
    /// </summary>
    public static async Task<(AgencyId Agency, string Field)?> FirstNotEnabledAsync(ConsentGrant grant, AgencyStore agencies, CancellationToken cancellationToken)
    {
        foreach (var (agency, field) in grant.SourceAgencies.Select(source => (source, "source_agency_ids")).Prepend((grant.Recipient, "recipient_agency_id")))
        {
            if (await agencies.FindAsync(agency.Value, cancellationToken) is not { Disabled: false })
            {
                return (agency, field);
            }
        }

        return null;
    }

    /// <summary>Each category once, in category order, as the consent is stored and shown.</summary>
    private static DataCategory[] Normalized(IEnumerable<V1.DataCategory> categories) =>
        [.. categories.Select(ConsentMessages.ToEngine).Distinct().Order()];
}
