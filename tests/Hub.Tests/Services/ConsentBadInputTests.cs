using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>
/// Every malformed or refused consent call gets its status and ErrorInfo reason (DESIGN.md §3) and
/// writes nothing: no consent, no audit record, no event, no idempotency record.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ConsentBadInputTests(HubFixture fixture) : IAsyncLifetime
{
    private const string MadeUpAgencyId = "ag_aaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>One field spoiled at a time, and the answer it must get.</summary>
    private static readonly Dictionary<string, (Action<GrantConsentRequest> Spoil, StatusCode Code, string Reason, string Field)> Spoilers = new()
    {
        ["no purpose"] = (r => r.Purpose = Purpose.Unspecified, StatusCode.InvalidArgument, "INVALID_FIELD", "purpose"),
        ["unknown purpose"] = (r => r.Purpose = (Purpose)99, StatusCode.InvalidArgument, "INVALID_FIELD", "purpose"),
        ["emergency purpose"] = (r => r.Purpose = Purpose.Emergency, StatusCode.InvalidArgument, "INVALID_FIELD", "purpose"),
        ["no categories"] = (r => r.Categories.Clear(), StatusCode.InvalidArgument, "INVALID_FIELD", "categories"),
        ["unknown category"] = (r => r.Categories.Add((DataCategory)99), StatusCode.InvalidArgument, "INVALID_FIELD", "categories"),
        ["unspecified category"] = (r => r.Categories.Add(DataCategory.Unspecified), StatusCode.InvalidArgument, "INVALID_FIELD", "categories"),
        ["unknown grantor"] = (r => r.GrantedBy = (GrantorRole)7, StatusCode.InvalidArgument, "INVALID_FIELD", "granted_by"),
        ["no collection method"] = (r => r.CollectionMethod = CollectionMethod.Unspecified, StatusCode.InvalidArgument, "INVALID_FIELD", "collection_method"),
        ["no expiry"] = (r => r.ExpiresAt = null, StatusCode.InvalidArgument, "EXPIRY_REQUIRED", "expires_at"),
        ["expiry before valid_from"] = (r =>
        {
            r.ValidFrom = Timestamp.FromDateTimeOffset(Now.AddDays(10));
            r.ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(1));
        }, StatusCode.InvalidArgument, "INVALID_FIELD", "expires_at"),
        ["expiry at valid_from"] = (r => r.ValidFrom = r.ExpiresAt, StatusCode.InvalidArgument, "INVALID_FIELD", "expires_at"),
        ["expiry after three years"] = (r =>
        {
            r.ValidFrom = Timestamp.FromDateTimeOffset(Now);
            r.ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddYears(3).AddSeconds(1));
        }, StatusCode.InvalidArgument, "EXPIRY_TOO_FAR", "expires_at"),
        ["malformed expiry"] = (r => r.ExpiresAt = new Timestamp { Seconds = Now.ToUnixTimeSeconds(), Nanos = -1 }, StatusCode.InvalidArgument, "INVALID_FIELD", "expires_at"),
        ["malformed valid_from"] = (r => r.ValidFrom = new Timestamp { Seconds = long.MaxValue }, StatusCode.InvalidArgument, "INVALID_FIELD", "valid_from"),
        ["sensitive not acknowledged"] = (r =>
        {
            r.Categories.Add(DataCategory.Diagnosis);
            r.SensitiveAcknowledged.Clear();
        }, StatusCode.InvalidArgument, "SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED", "sensitive_acknowledged"),
        ["acknowledged but not listed"] = (r => r.SensitiveAcknowledged.Add(DataCategory.Medication), StatusCode.InvalidArgument, "INVALID_FIELD", "sensitive_acknowledged"),
        ["no recipient"] = (r => r.RecipientAgencyId = string.Empty, StatusCode.InvalidArgument, "INVALID_FIELD", "recipient_agency_id"),
        ["malformed recipient"] = (r => r.RecipientAgencyId = "employment centre", StatusCode.InvalidArgument, "INVALID_FIELD", "recipient_agency_id"),
        ["unknown recipient"] = (r => r.RecipientAgencyId = MadeUpAgencyId, StatusCode.InvalidArgument, "INVALID_FIELD", "recipient_agency_id"),
        ["unknown source"] = (r => r.SourceAgencyIds.Add(MadeUpAgencyId), StatusCode.InvalidArgument, "INVALID_FIELD", "source_agency_ids"),
        ["evidence reference too long"] = (r => r.EvidenceReference = new string('x', 201), StatusCode.InvalidArgument, "INVALID_FIELD", "evidence_reference"),
        ["request id too long"] = (r => r.RequestId = new string('r', 129), StatusCode.InvalidArgument, "INVALID_FIELD", "request_id"),
    };

    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _welfare = null!;
    private TestAgency _employment = null!;
    private string _personId = null!;

    public static TheoryData<string> SpoilerNames => new(Spoilers.Keys);

    public async Task InitializeAsync()
    {
        _welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        _employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        _personId = (await _welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1988-11-02" })).Person.PersonId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(SpoilerNames))]
    public async Task A_spoiled_grant_is_refused_with_its_reason_and_field_and_writes_nothing(string spoiler)
    {
        var (spoil, code, reason, field) = Spoilers[spoiler];
        var request = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);
        request.RequestId = Guid.NewGuid().ToString();
        spoil(request);

        var failure = await WritesNothingAsync(() => _welfare.Channel.Consents().GrantConsentAsync(request).ResponseAsync);

        Assert.Equal(code, failure.StatusCode);
        Assert.Equal(reason, failure.GetErrorInfo()!.Reason);
        Assert.Equal("hub.v1", failure.GetErrorInfo()!.Domain);
        Assert.Equal(field, failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task An_unacknowledged_sensitive_category_is_named()
    {
        var request = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus, DataCategory.Medication, DataCategory.TraumaHistory);
        request.SensitiveAcknowledged.Remove(DataCategory.TraumaHistory);

        var failure = await WritesNothingAsync(() => _welfare.Channel.Consents().GrantConsentAsync(request).ResponseAsync);

        Assert.Equal("DATA_CATEGORY_TRAUMA_HISTORY", failure.GetErrorInfo()!.Metadata["category"]);
    }

    [Fact]
    public async Task A_minor_needs_a_legal_guardian()
    {
        var child = (await _welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(-15)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })).Person.PersonId;
        var request = Grant(child, _employment.AgencyId, Purpose.EducationSupport, DataCategory.EducationRecord);

        var bySelf = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Consents().GrantConsentAsync(request).ResponseAsync);
        request.GrantedBy = GrantorRole.LegalGuardian;
        var byGuardian = await _welfare.Channel.Consents().GrantConsentAsync(request);

        Assert.Equal(StatusCode.FailedPrecondition, bySelf.StatusCode);
        Assert.Equal("GUARDIAN_REQUIRED", bySelf.GetErrorInfo()!.Reason);
        Assert.Equal(GrantorRole.LegalGuardian, byGuardian.Consent.GrantedBy);
    }

    [Fact]
    public async Task A_grant_about_a_person_of_other_agencies_is_not_found_like_a_made_up_person()
    {
        var request = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);
        var madeUp = Grant("p_aaaaaaaaaaaaaaaaaaaaaaaaaa", _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);

        var aboutRealPerson = await WritesNothingAsync(() => _employment.Channel.Consents().GrantConsentAsync(request).ResponseAsync);
        var aboutNobody = await Assert.ThrowsAsync<RpcException>(() => _employment.Channel.Consents().GrantConsentAsync(madeUp).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, aboutRealPerson.StatusCode);
        Assert.Equal(aboutNobody.Status, aboutRealPerson.Status);
    }

    [Fact]
    public async Task A_revocation_without_a_reason_is_invalid_and_leaves_the_consent_active()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;

        var failure = await WritesNothingAsync(() =>
            _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "  " }).ResponseAsync);
        var malformedId = await Assert.ThrowsAsync<RpcException>(() =>
            _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = "consent-1", Reason = "withdrawn" }).ResponseAsync);

        Assert.Equal("reason", failure.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal(StatusCode.NotFound, malformedId.StatusCode);
        var fetched = await _welfare.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consent.ConsentId });
        Assert.Equal(ConsentStatus.Active, fetched.Consent.Status);
    }

    [Theory]
    [InlineData(0, 1, "purpose")]
    [InlineData(99, 1, "purpose")]
    [InlineData(1, 99, "categories")]
    [InlineData(1, 0, "categories")]
    public async Task Check_access_refuses_unknown_enum_values(int purpose, int category, string field)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _welfare.Channel.Consents().CheckAccessAsync(Check(_personId, (Purpose)purpose, (DataCategory)category)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal(field, failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task Lists_refuse_page_tokens_the_hub_did_not_hand_out_and_unknown_actions()
    {
        var consents = await Assert.ThrowsAsync<RpcException>(() =>
            _welfare.Channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = _personId, PageToken = "bm90LWEta2V5" }).ResponseAsync);
        var records = await Assert.ThrowsAsync<RpcException>(() =>
            _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { (AuditAction)42 } }).ResponseAsync);

        Assert.Equal("page_token", consents.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal("actions", records.GetErrorInfo()!.Metadata["field"]);
    }

    /// <summary>Runs a call that must fail, and checks that the tables it could have written are unchanged.</summary>
    private async Task<RpcException> WritesNothingAsync(Func<Task> call)
    {
        var before = await CountWritesAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(before, await CountWritesAsync());
        return failure;
    }

    private Task<long> CountWritesAsync() => _hub.Database.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM consent) + (SELECT count(*) FROM audit_record) + (SELECT count(*) FROM outbox_event) + (SELECT count(*) FROM idempotent_request)
        + (SELECT count(*) FROM consent WHERE revoked_at IS NOT NULL)
        """);
}
