using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>What the person and the agencies can take away: signed consent receipts, and the person's access records (A2).</summary>
[Collection(HubCollection.Name)]
public sealed class ConsentReceiptAndRecordsTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _welfare = null!;
    private TestAgency _hospital = null!;
    private string _personId = null!;

    public async Task InitializeAsync()
    {
        _welfare = await _hub.RegisterAgencyAsync("Shinjuku Welfare Office", AgencyKind.Welfare);
        _hospital = await _hub.RegisterAgencyAsync("都立病院 精神科", AgencyKind.Medical);
        _personId = (await _welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1979-12-24" })).Person.PersonId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_receipt_carries_the_consent_and_is_signed_by_a_key_the_hub_publishes()
    {
        var request = Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan, DataCategory.Diagnosis);
        request.EvidenceReference = "paper form in case file 118";
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(request)).Consent;

        var receipt = await _hospital.Channel.Consents().GetConsentReceiptAsync(new GetConsentReceiptRequest { ConsentId = consent.ConsentId });

        var parts = receipt.SignedReceipt.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal(receipt.KeyId, (string?)header["kid"]);
        Assert.Equal(receipt.ReceiptJson, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
        using var key = await PublishedKeyAsync(receipt.KeyId);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256));

        var document = JsonNode.Parse(receipt.ReceiptJson)!;
        Assert.Equal(consent.ConsentId, (string?)document["consent_record_id"]);
        Assert.Equal(_personId, (string?)document["pii_principal_id"]);
        Assert.Equal("都立病院 精神科", (string?)document["recipient"]!["name"]);
        Assert.Contains("都立病院", receipt.ReceiptJson, StringComparison.Ordinal);
        Assert.Equal("consent-receipt+jwt", (string?)header["typ"]);
        Assert.Equal(_welfare.AgencyId, (string?)document["recorded_by"]!["agency_id"]);
        Assert.Equal("PURPOSE_TREATMENT", (string?)document["purpose"]);
        Assert.Equal("COLLECTION_METHOD_WRITTEN", (string?)document["collection_method"]);
        Assert.Equal("paper form in case file 118", (string?)document["evidence_reference"]);
        Assert.True((bool)document["sensitive"]!);
        var categories = document["pii_categories"]!.AsArray().Select(c => ((string?)c!["category"], (bool)c["sensitive"]!));
        Assert.Equal([("DATA_CATEGORY_SUPPORT_PLAN", false), ("DATA_CATEGORY_DIAGNOSIS", true)], categories);
        Assert.Equal("CONSENT_STATUS_ACTIVE", (string?)document["status"]);
        Assert.Contains("withdraw", (string?)document["withdrawal"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_receipt_fails_verification()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan))).Consent;
        var receipt = await _welfare.Channel.Consents().GetConsentReceiptAsync(new GetConsentReceiptRequest { ConsentId = consent.ConsentId });
        var parts = receipt.SignedReceipt.Split('.');
        var forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(receipt.ReceiptJson.Replace("PURPOSE_TREATMENT", "PURPOSE_EMERGENCY", StringComparison.Ordinal)));

        using var key = await PublishedKeyAsync(receipt.KeyId);

        Assert.False(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + forgedPayload), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task The_access_records_show_each_consent_change_in_order_to_linked_agencies_only()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan, DataCategory.Diagnosis))).Consent;
        await _hospital.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "Treatment ended." });

        var records = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId })).Records;
        var revocationsOnly = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { AuditAction.ConsentRevoked } })).Records;
        var byRecipient = await Assert.ThrowsAsync<RpcException>(() =>
            _hospital.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId }).ResponseAsync);

        Assert.Equal([AuditAction.ConsentGranted, AuditAction.ConsentRevoked], records.Select(record => record.Action));
        Assert.Equal([_welfare.AgencyId, _hospital.AgencyId], records.Select(record => record.AccessorAgencyId));
        Assert.All(records, record =>
        {
            Assert.Equal(Purpose.Treatment, record.Purpose);
            Assert.Equal([DataCategory.SupportPlan, DataCategory.Diagnosis], record.Categories);
            Assert.Equal([consent.ConsentId], record.ConsentIds);
            Assert.False(record.BreakGlass);
            Assert.Matches("^ar_[a-z2-7]{26}$", record.RecordId);
        });
        Assert.True(records[0].OccurredAt.ToDateTimeOffset() <= records[1].OccurredAt.ToDateTimeOffset());
        Assert.Equal(records[1], Assert.Single(revocationsOnly));
        Assert.Equal(StatusCode.NotFound, byRecipient.StatusCode);
    }

    [Fact]
    public async Task Access_records_page_in_order()
    {
        for (var i = 0; i < 5; i++)
        {
            await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan));
        }

        var all = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId })).Records;
        var paged = new List<AccessRecord>();
        var request = new ListAccessRecordsRequest { PersonId = _personId, PageSize = 2 };
        do
        {
            var page = await _welfare.Channel.Audit().ListAccessRecordsAsync(request);
            paged.AddRange(page.Records);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(5, all.Count);
        Assert.Equal(all, paged);
    }

    private async Task<ECDsa> PublishedKeyAsync(string keyId)
    {
        using var http = new HttpClient();
        var jwks = JsonNode.Parse(await http.GetStringAsync(new Uri(_hub.HttpAddress, "/.well-known/hub-receipt-keys.json")))!;
        var jwk = jwks["keys"]!.AsArray().Single(key => (string?)key!["kid"] == keyId)!;
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars((string)jwk["x"]!), Y = Base64Url.DecodeFromChars((string)jwk["y"]!) },
        });
    }
}
