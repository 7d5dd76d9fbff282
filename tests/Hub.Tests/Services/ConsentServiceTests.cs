using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>
/// ConsentService end to end: the welfare office, linked to the person, records consents for the
/// employment centre (not linked: a recipient only) and the hospital; the school is a stranger.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ConsentServiceTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _welfare = null!;
    private TestAgency _employment = null!;
    private TestAgency _hospital = null!;
    private TestAgency _school = null!;
    private string _personId = null!;

    public async Task InitializeAsync() => (_welfare, _hospital, _employment, _school, _personId) = await Cast.AssembleAsync(_hub);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_grant_is_stored_as_given_and_shown_to_the_linked_agencies_and_the_recipient()
    {
        var request = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport,
            DataCategory.WorkplaceAccommodations, DataCategory.EmploymentStatus, DataCategory.EmploymentStatus);
        request.EvidenceReference = "form WO-2026-118, scanned";

        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(request)).Consent;

        Assert.Matches("^cn_[a-z2-7]{26}$", consent.ConsentId);
        Assert.Equal(ConsentStatus.Active, consent.Status);
        Assert.Equal([DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations], consent.Categories);
        Assert.Equal(_welfare.AgencyId, consent.RecordedByAgencyId);
        Assert.Equal("form WO-2026-118, scanned", consent.EvidenceReference);
        Assert.Equal(request.ExpiresAt.Seconds, consent.ExpiresAt.Seconds);
        Assert.Null(consent.RevokedAt);
        foreach (var reader in new[] { _welfare, _hospital, _employment })
        {
            var fetched = await reader.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consent.ConsentId });
            Assert.Equal(consent, fetched.Consent);
        }
    }

    [Fact]
    public async Task Check_access_answers_for_the_caller_as_recipient()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan, DataCategory.Diagnosis))).Consent;

        var answer = await _hospital.Channel.Consents().CheckAccessAsync(Check(_personId, Purpose.Treatment, DataCategory.SupportPlan, DataCategory.Diagnosis, DataCategory.Medication));
        var otherPurpose = await _hospital.Channel.Consents().CheckAccessAsync(Check(_personId, Purpose.CareCoordination, DataCategory.Diagnosis));
        var notTheRecipient = await _welfare.Channel.Consents().CheckAccessAsync(Check(_personId, Purpose.Treatment, DataCategory.Diagnosis));

        Assert.Equal([DataCategory.SupportPlan, DataCategory.Diagnosis], answer.PermittedCategories);
        Assert.Equal([new DeniedCategory { Category = DataCategory.Medication, Reason = DenialReason.CategoryNotConsented }], answer.Denied);
        Assert.Equal([consent.ConsentId], answer.ConsentIds);
        Assert.Empty(otherPurpose.PermittedCategories);
        Assert.Equal(DenialReason.PurposeNotConsented, Assert.Single(otherPurpose.Denied).Reason);
        Assert.Equal(DenialReason.NoActiveConsent, Assert.Single(notTheRecipient.Denied).Reason);
    }

    [Fact]
    public async Task Check_access_without_categories_answers_for_every_category()
    {
        await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));

        var answer = await _employment.Channel.Consents().CheckAccessAsync(Check(_personId, Purpose.EmploymentSupport));

        Assert.Equal([DataCategory.EmploymentStatus], answer.PermittedCategories);
        Assert.Equal(12, answer.Denied.Count);
    }

    [Fact]
    public async Task Revocation_ends_access_at_once_and_is_kept_with_who_and_why()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;

        var revoked = (await _hospital.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "The person withdrew it at the clinic." })).Consent;
        var check = await _employment.Channel.Consents().CheckAccessAsync(Check(_personId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));

        Assert.Equal(ConsentStatus.Revoked, revoked.Status);
        Assert.Equal(_hospital.AgencyId, revoked.RevokedByAgencyId);
        Assert.Equal("The person withdrew it at the clinic.", revoked.RevocationReason);
        Assert.NotNull(revoked.RevokedAt);
        Assert.Empty(check.PermittedCategories);
        Assert.Equal(DenialReason.ConsentRevoked, Assert.Single(check.Denied).Reason);
        Assert.Equal(revoked, (await _welfare.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consent.ConsentId })).Consent);
    }

    [Fact]
    public async Task The_recipient_may_relinquish_a_consent_but_a_stranger_cant_tell_it_exists()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;

        var byStranger = await Assert.ThrowsAsync<RpcException>(() =>
            _school.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "no" }).ResponseAsync);
        var madeUp = await Assert.ThrowsAsync<RpcException>(() =>
            _school.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = "cn_aaaaaaaaaaaaaaaaaaaaaaaaaa", Reason = "no" }).ResponseAsync);
        var relinquished = (await _employment.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "Support ended." })).Consent;

        Assert.Equal(StatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(madeUp.Status, byStranger.Status);
        Assert.Equal(_employment.AgencyId, relinquished.RevokedByAgencyId);
    }

    [Fact]
    public async Task Revoking_twice_is_failed_precondition_but_a_repeated_request_id_gets_the_first_answer()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
        var revoke = new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn", RequestId = Guid.NewGuid().ToString() };

        var first = await _welfare.Channel.Consents().RevokeConsentAsync(revoke);
        var repeat = await _welfare.Channel.Consents().RevokeConsentAsync(revoke);
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn" }).ResponseAsync);

        Assert.Equal(first, repeat);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal("CONSENT_ALREADY_REVOKED", again.GetErrorInfo()!.Reason);
        Assert.Equal(1L, await _hub.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_record WHERE action = {(int)AuditAction.ConsentRevoked} AND '{consent.ConsentId}' = ANY (consent_ids)"));
    }

    [Fact]
    public async Task A_repeated_grant_request_id_records_one_consent()
    {
        var request = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);
        request.RequestId = Guid.NewGuid().ToString();

        var first = await _welfare.Channel.Consents().GrantConsentAsync(request);
        var repeat = await _welfare.Channel.Consents().GrantConsentAsync(request);

        Assert.Equal(first, repeat);
        Assert.Equal(1L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM consent WHERE person_id = '{_personId}'"));
    }

    [Fact]
    public async Task The_same_request_id_sent_many_times_at_once_records_one_consent_and_answers_each_alike()
    {
        var request = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);
        request.RequestId = Guid.NewGuid().ToString();

        // A partner retrying before the first answer came: the calls queue on the request id's lock.
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _welfare.Channel.Consents().GrantConsentAsync(request).ResponseAsync));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        Assert.Equal(1L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM consent WHERE person_id = '{_personId}'"));
    }

    [Fact]
    public async Task Lists_show_linked_agencies_every_consent_and_recipients_their_own_newest_first_in_pages()
    {
        var toEmployment = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            toEmployment.Add((await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent.ConsentId);
        }

        var toHospital = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan))).Consent.ConsentId;

        var linkedView = await ListAllAsync(_welfare, _personId, pageSize: 2);
        var recipientView = await ListAllAsync(_employment, _personId, pageSize: 2);
        var givenToMe = await ListAllAsync(_employment, string.Empty, pageSize: 2);
        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            _school.Channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = _personId }).ResponseAsync);

        Assert.Equal([toHospital, .. toEmployment.AsEnumerable().Reverse()], linkedView);
        Assert.Equal([.. toEmployment.AsEnumerable().Reverse()], recipientView);
        Assert.Equal([.. toEmployment.AsEnumerable().Reverse()], givenToMe.Where(toEmployment.Contains));
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
    }

    [Fact]
    public async Task Each_change_writes_an_event_for_the_linked_agencies_and_the_recipient_to_the_outbox()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
        await _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn" });

        await using var dataSource = _hub.Database.NewDataSource();
        await using var command = dataSource.CreateCommand($"SELECT event_type, audience, payload FROM outbox_event WHERE person_id = '{_personId}' ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<(string Type, string[] Audience, HubEvent Event)>();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetFieldValue<string[]>(1), HubEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(2))));
        }

        Assert.Equal(["ConsentGranted", "ConsentRevoked"], events.Select(e => e.Type));
        string[] audience = [.. new[] { _welfare.AgencyId, _hospital.AgencyId, _employment.AgencyId }.Order(StringComparer.Ordinal)];
        Assert.All(events, e => Assert.Equal(audience, e.Audience));
        Assert.Equal(consent, events[0].Event.ConsentGranted.Consent);
        Assert.Equal(ConsentStatus.Revoked, events[1].Event.ConsentRevoked.Consent.Status);
        Assert.All(events, e => Assert.Matches("^ev_[a-z2-7]{26}$", e.Event.EventId));
    }

    private static async Task<List<string>> ListAllAsync(TestAgency agency, string personId, int pageSize)
    {
        var ids = new List<string>();
        var request = new ListConsentsRequest { PersonId = personId, PageSize = pageSize };
        do
        {
            var page = await agency.Channel.Consents().ListConsentsAsync(request);
            Assert.True(page.Consents.Count <= pageSize);
            ids.AddRange(page.Consents.Select(consent => consent.ConsentId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return ids;
    }
}
