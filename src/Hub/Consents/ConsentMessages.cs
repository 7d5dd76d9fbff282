using Google.Protobuf.WellKnownTypes;
using Engine = Hub.Consent;

namespace Hub.Consents;

/// <summary>
/// Between the engine's types and the hub.v1 messages. The engine's enums carry the proto's numbers
/// (Hub.Consent.Tests.ApiEnumTests holds them to it), so enums convert by number.
/// </summary>
internal static class ConsentMessages
{
    /// <summary>The consent as the API shows it, with its status at <paramref name="now"/>.</summary>
    public static V1.Consent ToMessage(StoredConsent stored, DateTimeOffset now)
    {
        var grant = stored.Grant;
        var message = new V1.Consent
        {
            ConsentId = stored.Id.Value,
            PersonId = grant.Person.Value,
            RecipientAgencyId = grant.Recipient.Value,
            Purpose = ToMessage(grant.Purpose),
            Categories = { grant.Categories.Select(ToMessage) },
            SensitiveAcknowledged = { grant.SensitiveAcknowledged.Select(ToMessage) },
            SourceAgencyIds = { grant.SourceAgencies.Select(agency => agency.Value) },
            ValidFrom = Timestamp.FromDateTimeOffset(grant.ValidFrom),
            ExpiresAt = Timestamp.FromDateTimeOffset(grant.ExpiresAt!.Value),
            GrantedBy = (V1.GrantorRole)grant.GrantedBy,
            CollectionMethod = (V1.CollectionMethod)grant.CollectionMethod,
            EvidenceReference = stored.EvidenceReference ?? string.Empty,
            Status = (V1.ConsentStatus)stored.Record.StatusAt(now),
            RecordedByAgencyId = grant.RecordedBy.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(stored.Record.RecordedAt),
        };
        if (stored.Record.RevokedAt is { } revokedAt)
        {
            message.RevokedAt = Timestamp.FromDateTimeOffset(revokedAt);
            message.RevokedByPerson = stored.RevokedBy?.IsPerson ?? false;
            message.RevokedByAgencyId = stored.RevokedBy?.AgencyIdOrEmpty ?? string.Empty;
            message.RevocationReason = stored.RevocationReason ?? string.Empty;
        }

        return message;
    }

    /// <summary>A consent request (C9) as the API shows it: REQUESTED until answered, DECLINED if declined.</summary>
    public static V1.Consent ToMessage(StoredConsentRequest request)
    {
        var message = new V1.Consent
        {
            ConsentId = request.Id.Value,
            PersonId = request.Person.Value,
            RecipientAgencyId = request.Recipient.Value,
            Purpose = ToMessage(request.Purpose),
            Categories = { request.Categories.Select(ToMessage) },
            SourceAgencyIds = { request.SourceAgencies.Select(agency => agency.Value) },
            ExpiresAt = Timestamp.FromDateTimeOffset(request.ExpiresAt),
            Status = request.IsOpen ? V1.ConsentStatus.Requested : V1.ConsentStatus.Declined,
            RecordedByAgencyId = request.RequestedBy.Value,
            CreatedAt = Timestamp.FromDateTimeOffset(request.CreatedAt),
            Explanation = request.Explanation,
        };
        if (request.ValidFrom is { } validFrom)
        {
            message.ValidFrom = Timestamp.FromDateTimeOffset(validFrom);
        }

        return message;
    }

    public static V1.DataCategory ToMessage(Engine.DataCategory category) => (V1.DataCategory)category;

    public static V1.Purpose ToMessage(Engine.Purpose purpose) => (V1.Purpose)purpose;

    public static V1.DenialReason ToMessage(Engine.DenialReason reason) => (V1.DenialReason)reason;

    public static Engine.DataCategory ToEngine(V1.DataCategory category) => (Engine.DataCategory)category;

    public static Engine.Purpose ToEngine(V1.Purpose purpose) => (Engine.Purpose)purpose;
}
