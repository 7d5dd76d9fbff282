using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using Hub.Agencies;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.V1;
using Microsoft.IdentityModel.JsonWebTokens;
using DataCategory = Hub.Consent.DataCategory;

namespace Hub.Consents;

/// <summary>
/// Consent receipts: a JSON document with the fields of ISO/IEC TS 27560 consent records and the
/// Kantara Consent Receipt (record id, subject, recorder, recipient, purpose, categories with the
/// sensitive ones marked, collection method, timestamps, how to withdraw), signed as a compact JWS with
/// the hub's current token-signing key, so anyone holding the hub's JWKS can check it is genuine.
/// </summary>
internal sealed class ConsentReceipts(SigningKeys keys, IssuerIdentity issuer, AgencyStore agencies, TimeProvider clock)
{
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

    public async Task<GetConsentReceiptResponse> IssueAsync(StoredConsent consent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grant = consent.Grant;
        var receipt = new JsonObject
        {
            ["iss"] = issuer.Issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["schema_version"] = SchemaVersion,
            ["issued_at"] = Instant(now),
            ["consent_record_id"] = consent.Id.Value,
            ["pii_principal_id"] = grant.Person.Value,
            ["granted_by"] = ProtoEnum<V1.GrantorRole>.Name((V1.GrantorRole)grant.GrantedBy),
            ["recorded_by"] = await PartyAsync(grant.RecordedBy, cancellationToken),
            ["recipient"] = await PartyAsync(grant.Recipient, cancellationToken),
            ["purpose"] = ProtoEnum<V1.Purpose>.Name((V1.Purpose)grant.Purpose),
            ["pii_categories"] = new JsonArray([.. grant.Categories.Select(Category)]),
            ["sensitive"] = grant.Categories.Any(category => category.IsSensitive()),
            ["source_agencies"] = grant.SourceAgencies.Count == 0 ? "ALL" : new JsonArray([.. grant.SourceAgencies.Select(source => JsonValue.Create(source.Value))]),
            ["collection_method"] = ProtoEnum<V1.CollectionMethod>.Name((V1.CollectionMethod)grant.CollectionMethod),
            ["evidence_reference"] = consent.EvidenceReference,
            ["consent_timestamp"] = Instant(consent.Record.RecordedAt),
            ["valid_from"] = Instant(grant.ValidFrom),
            ["expires_at"] = Instant(grant.ExpiresAt!.Value),
            ["status"] = ProtoEnum<V1.ConsentStatus>.Name((V1.ConsentStatus)consent.Record.StatusAt(now)),
            ["revoked_at"] = consent.Record.RevokedAt is { } revokedAt ? Instant(revokedAt) : null,
            ["withdrawal"] = Withdrawal,
        };
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
