using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using Hub.Agencies;
using Hub.Audit;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.V1;
using Microsoft.IdentityModel.JsonWebTokens;
using DataCategory = Hub.Consent.DataCategory;

namespace Hub.Consents;

/// <summary>
/// Receipts (A4): a JSON document with the fields of ISO/IEC TS 27560 consent records and the Kantara
/// Consent Receipt (record id, subject, recorder, recipient, purpose, categories with the sensitive
/// ones marked, collection method, timestamps, how to withdraw), signed as a compact JWS with the
/// receipt key (<see cref="ReceiptKeys"/>), so anyone holding the published receipt keys can check it
/// is genuine, years later. Three kinds: of a consent, of its withdrawal, of a disclosure under it.
/// </summary>
internal sealed class ConsentReceipts(ReceiptKeys keys, IssuerIdentity issuer, AgencyStore agencies, TimeProvider clock)
{
    /// <summary>The <c>receipt_type</c> of each kind.</summary>
    public const string ConsentType = "consent";
    public const string WithdrawalType = "withdrawal";
    public const string DisclosureType = "disclosure";

    public const string SchemaVersion = "hub.v1.consent-receipt/1";

    /// <summary>The JOSE <c>typ</c> of a signed receipt, so it can't be mistaken for an access token.</summary>
    public const string JwsType = "consent-receipt+jwt";

    /// <summary>
    /// JSON as JOSE documents are usually written: '+' in "consent-receipt+jwt" and non-ASCII names as
    /// themselves, not \u escapes. The HTML-safe default escaping guards nothing here, as nothing signed is embedded in HTML.
    /// </summary>
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWebTokenHandler Tokens = new();

    private const string Withdrawal =
        "The person may withdraw this consent at any time, without giving reasons, through any agency that supports them; " +
        "the recipient may also give it up. Withdrawal takes effect at once: the hub discloses nothing more under it.";

    /// <summary>The receipt of a consent as it stands now.</summary>
    public async Task<GetConsentReceiptResponse> IssueAsync(StoredConsent consent, CancellationToken cancellationToken) =>
        await SignAsync(await ConsentDocumentAsync(consent, ConsentType, cancellationToken), cancellationToken);

    /// <summary>The receipt of a consent's withdrawal: who withdrew it, when and why; null while it stands.</summary>
    public async Task<GetConsentReceiptResponse?> IssueWithdrawalAsync(StoredConsent consent, CancellationToken cancellationToken)
    {
        if (consent.Record.RevokedAt is null || consent.RevokedBy is not { } revoker)
        {
            return null;
        }

        var document = await ConsentDocumentAsync(consent, WithdrawalType, cancellationToken);
        document["withdrawn_by"] = revoker.IsPerson
            ? new JsonObject { ["pii_principal"] = true }
            : await PartyAsync(OpaqueId.Parse<AgencyId>(revoker.Value), cancellationToken);
        document["withdrawal_reason"] = consent.RevocationReason;
        return await SignAsync(document, cancellationToken);
    }

    /// <summary>The receipt of one disclosure of the person's data: to whom, when, what, why, under which consents.</summary>
    public async Task<GetConsentReceiptResponse> IssueDisclosureAsync(ChainedRecord record, CancellationToken cancellationToken)
    {
        var document = Envelope(DisclosureType, record.PersonId);
        document["access_record_id"] = record.RecordId;
        document["disclosed_at"] = Instant(new DateTimeOffset(record.OccurredAt, TimeSpan.Zero));
        document["recipient"] = await PartyAsync(OpaqueId.Parse<AgencyId>(record.AccessorAgencyId), cancellationToken);
        document["purpose"] = ProtoEnum<V1.Purpose>.Name((V1.Purpose)record.Purpose);
        document["pii_categories"] = new JsonArray([.. record.Categories.Select(number => Category((DataCategory)number))]);
        document["source_agencies"] = new JsonArray([.. record.AuthorAgencyIds.Select(source => JsonValue.Create(source))]);
        document["consent_record_ids"] = new JsonArray([.. record.ConsentIds.Select(id => JsonValue.Create(id))]);
        document["break_glass"] = record.BreakGlass;
        return await SignAsync(document, cancellationToken);
    }

    private async Task<JsonObject> ConsentDocumentAsync(StoredConsent consent, string type, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grant = consent.Grant;
        var document = Envelope(type, grant.Person.Value);
        document["consent_record_id"] = consent.Id.Value;
        document["granted_by"] = ProtoEnum<V1.GrantorRole>.Name((V1.GrantorRole)grant.GrantedBy);
        document["recorded_by"] = await PartyAsync(grant.RecordedBy, cancellationToken);
        document["recipient"] = await PartyAsync(grant.Recipient, cancellationToken);
        document["purpose"] = ProtoEnum<V1.Purpose>.Name((V1.Purpose)grant.Purpose);
        document["pii_categories"] = new JsonArray([.. grant.Categories.Select(Category)]);
        document["sensitive"] = grant.Categories.Any(category => category.IsSensitive());
        document["source_agencies"] = grant.SourceAgencies.Count == 0 ? "ALL" : new JsonArray([.. grant.SourceAgencies.Select(source => JsonValue.Create(source.Value))]);
        document["collection_method"] = ProtoEnum<V1.CollectionMethod>.Name((V1.CollectionMethod)grant.CollectionMethod);
        document["evidence_reference"] = consent.EvidenceReference;
        document["consent_timestamp"] = Instant(consent.Record.RecordedAt);
        document["valid_from"] = Instant(grant.ValidFrom);
        document["expires_at"] = Instant(grant.ExpiresAt!.Value);
        document["status"] = ProtoEnum<V1.ConsentStatus>.Name((V1.ConsentStatus)consent.Record.StatusAt(now));
        document["revoked_at"] = consent.Record.RevokedAt is { } revokedAt ? Instant(revokedAt) : null;
        document["withdrawal"] = Withdrawal;
        return document;
    }

    /// <summary>What every receipt begins with: who issued it, when, which kind, about whom.</summary>
    private JsonObject Envelope(string type, string person)
    {
        var now = clock.GetUtcNow();
        return new JsonObject
        {
            ["iss"] = issuer.Issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["schema_version"] = SchemaVersion,
            ["receipt_type"] = type,
            ["issued_at"] = Instant(now),
            ["pii_principal_id"] = person,
        };
    }

    private async Task<GetConsentReceiptResponse> SignAsync(JsonObject receipt, CancellationToken cancellationToken)
    {
        var key = (await keys.GetAsync(cancellationToken)).Current;
        var document = JsonSerializer.Serialize(receipt, JsonOptions);
        return new GetConsentReceiptResponse
        {
            ReceiptJson = document,
            // The payload is exactly the document handed out beside it, so either can be checked against the other.
            SignedReceipt = Tokens.CreateToken(document, key.Credentials, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = JwsType }),
            KeyId = key.Kid,
        };
    }

    private async Task<JsonObject> PartyAsync(AgencyId agency, CancellationToken cancellationToken) => new()
    {
        ["agency_id"] = agency.Value,
        ["name"] = (await agencies.FindAsync(agency.Value, cancellationToken))?.Name,
    };

    private static JsonObject Category(DataCategory category) => new()
    {
        ["category"] = ProtoEnum<V1.DataCategory>.Name((V1.DataCategory)category),
        ["sensitive"] = category.IsSensitive(),
    };

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
