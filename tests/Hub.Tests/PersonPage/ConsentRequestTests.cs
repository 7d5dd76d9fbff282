using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.PersonPage;

/// <summary>C9: an agency drafts a consent over gRPC; the person approves or declines it on their page.</summary>
[Collection(HubCollection.Name)]
public sealed class ConsentRequestTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private readonly PageScenario _scenario = new(fixture.Hub);

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_permits_nothing_and_only_the_person_s_agencies_see_it()
    {
        var person = await RegisterAsync("1990-05-05");

        var requested = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(Request(person))).Consent;

        Assert.Equal(ConsentStatus.Requested, requested.Status);
        Assert.Equal(_scenario.Employment.AgencyId, requested.RecordedByAgencyId);
        Assert.Null(requested.ValidFrom);
        var fetched = (await _scenario.Employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = requested.ConsentId })).Consent;
        Assert.Equal(ConsentStatus.Requested, fetched.Status);
        Assert.Equal("so the hospital can plan your return to work with us", fetched.Explanation);
        var recipientLooks = await Assert.ThrowsAsync<RpcException>(() =>
            _scenario.Hospital.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = requested.ConsentId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, recipientLooks.StatusCode);
        var check = await Assert.ThrowsAsync<RpcException>(() =>
            _scenario.Hospital.Channel.Consents().CheckAccessAsync(ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, check.StatusCode);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM consent WHERE person_id = '{person}'"));
    }

    [Fact]
    public async Task The_person_s_agencies_list_requests_among_consents_newest_first_and_an_approved_one_once()
    {
        var person = await RegisterAsync("1990-05-05");
        var granted = (await _scenario.Employment.Channel.Consents().GrantConsentAsync(
            ConsentRequests.Grant(person, _scenario.Hospital.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
        var open = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(Request(person))).Consent;
        var approved = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(Request(person))).Consent;
        using var browser = await SignedInAsync(person);
        var page = $"/me/requests/{approved.ConsentId}";
        using var approval = await browser.PostFormAsync(page, page + "?handler=Approve", ("sensitive", ((int)DataCategory.Diagnosis).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var all = new List<V1.Consent>();
        var request = new ListConsentsRequest { PersonId = person, PageSize = 2 };
        do
        {
            var listed = await _scenario.Employment.Channel.Consents().ListConsentsAsync(request);
            all.AddRange(listed.Consents);
            request.PageToken = listed.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        var recipientSees = (await _scenario.Hospital.Channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = person })).Consents;

        Assert.Equal([approved.ConsentId, open.ConsentId, granted.ConsentId], all.Select(consent => consent.ConsentId));
        Assert.Equal([ConsentStatus.Active, ConsentStatus.Requested, ConsentStatus.Active], all.Select(consent => consent.Status));
        Assert.DoesNotContain(recipientSees, consent => consent.ConsentId == open.ConsentId);
    }

    [Fact]
    public async Task Drafting_checks_the_grant_rules_and_writes_nothing_when_they_fail()
    {
        var person = await RegisterAsync("1990-05-05");
        var noExpiry = Request(person);
        noExpiry.ExpiresAt = null;
        var noExplanation = Request(person);
        noExplanation.Explanation = string.Empty;
        var emergency = Request(person);
        emergency.Purpose = Purpose.Emergency;

        var missingExpiry = await Assert.ThrowsAsync<RpcException>(() => _scenario.Employment.Channel.Consents().RequestConsentAsync(noExpiry).ResponseAsync);
        var missingExplanation = await Assert.ThrowsAsync<RpcException>(() => _scenario.Employment.Channel.Consents().RequestConsentAsync(noExplanation).ResponseAsync);
        var breakGlass = await Assert.ThrowsAsync<RpcException>(() => _scenario.Employment.Channel.Consents().RequestConsentAsync(emergency).ResponseAsync);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => _scenario.Hospital.Channel.Consents().RequestConsentAsync(Request(person)).ResponseAsync);

        Assert.Equal("EXPIRY_REQUIRED", missingExpiry.GetErrorInfo()!.Reason);
        Assert.Equal("explanation", missingExplanation.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal("purpose", breakGlass.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM consent_request WHERE person_id = '{person}'"));
    }

    [Fact]
    public async Task The_person_approves_ticking_each_sensitive_category_and_the_recipient_is_permitted()
    {
        var person = await RegisterAsync("1990-05-05");
        var requested = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(Request(person))).Consent;
        using var browser = await SignedInAsync(person);
        var page = $"/me/requests/{requested.ConsentId}";
        Assert.Contains("so the hospital can plan your return to work with us", await browser.GetHtmlAsync("/me/requests/" + requested.ConsentId), StringComparison.Ordinal);

        using var unticked = await browser.PostFormAsync(page, page + "?handler=Approve");
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Equal(ConsentStatus.Requested, (await GetAsync(requested.ConsentId)).Status);

        using var approved = await browser.PostFormAsync(page, page + "?handler=Approve", ("sensitive", ((int)DataCategory.Diagnosis).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var consent = await GetAsync(requested.ConsentId);
        Assert.Equal(ConsentStatus.Active, consent.Status);
        Assert.Equal(CollectionMethod.Electronic, consent.CollectionMethod);
        Assert.Equal(GrantorRole.Subject, consent.GrantedBy);
        Assert.Equal([DataCategory.Diagnosis], consent.SensitiveAcknowledged);
        var decision = await _scenario.Hospital.Channel.Consents().CheckAccessAsync(ConsentRequests.Check(person, Purpose.Treatment, DataCategory.Diagnosis, DataCategory.IdentityBasic));
        Assert.Equal([DataCategory.IdentityBasic, DataCategory.Diagnosis], decision.PermittedCategories.Order());
        var granted = Assert.Single((await _scenario.Employment.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            PersonId = person,
            Actions = { AuditAction.ConsentGranted },
        })).Records);
        Assert.True(granted.ByPerson);
        Assert.Contains("同意しました", await browser.GetHtmlAsync(approved.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_request_stays_declined_permits_nothing_and_is_recorded_with_the_person_as_actor()
    {
        var person = await RegisterAsync("1990-05-05");
        var requested = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(Request(person))).Consent;
        using var browser = await SignedInAsync(person);
        var page = $"/me/requests/{requested.ConsentId}";

        using var declined = await browser.PostFormAsync(page, page + "?handler=Decline");
        using var lateApproval = await browser.PostAsync(page + "?handler=Approve");

        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(ConsentStatus.Declined, (await GetAsync(requested.ConsentId)).Status);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM consent WHERE person_id = '{person}'"));
        var record = Assert.Single((await _scenario.Employment.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            PersonId = person,
            Actions = { AuditAction.ConsentRequestDeclined },
        })).Records);
        Assert.True(record.ByPerson);
        Assert.Equal([requested.ConsentId], record.ConsentIds);
        var shown = await browser.GetHtmlAsync(declined.Headers.Location!.OriginalString);
        Assert.Contains("お断りしました", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Approve", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minor_s_request_is_approved_by_the_guardian()
    {
        var birthDate = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var child = await RegisterAsync(birthDate);
        var request = Request(child);
        request.Categories.Remove(DataCategory.Diagnosis);
        var requested = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(request)).Consent;
        using var browser = await SignedInAsync(child);
        var page = $"/me/requests/{requested.ConsentId}";

        using var approved = await browser.PostFormAsync(page, page + "?handler=Approve");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(GrantorRole.LegalGuardian, (await GetAsync(requested.ConsentId)).GrantedBy);
    }

    [Fact]
    public async Task Another_person_s_request_is_the_same_404_as_a_made_up_one()
    {
        var person = await RegisterAsync("1990-05-05");
        var other = await RegisterAsync("1991-06-06");
        var othersRequest = (await _scenario.Employment.Channel.Consents().RequestConsentAsync(Request(other))).Consent;
        using var browser = await SignedInAsync(person);

        using var view = await browser.GetAsync($"/me/requests/{othersRequest.ConsentId}");
        using var madeUp = await browser.GetAsync($"/me/requests/cns_{new string('b', 26)}");
        using var approve = await browser.PostFormAsync("/me", $"/me/requests/{othersRequest.ConsentId}?handler=Approve", ("sensitive", "10"));
        using var decline = await browser.PostFormAsync("/me", $"/me/requests/{othersRequest.ConsentId}?handler=Decline");

        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, decline.StatusCode);
        Assert.Equal(ConsentStatus.Requested, (await GetAsync(othersRequest.ConsentId)).Status);
    }

    private RequestConsentRequest Request(string person) => new()
    {
        PersonId = person,
        RecipientAgencyId = _scenario.Hospital.AgencyId,
        Purpose = Purpose.Treatment,
        Categories = { DataCategory.IdentityBasic, DataCategory.Diagnosis },
        ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
        Explanation = "so the hospital can plan your return to work with us",
    };

    private Task<string> RegisterAsync(string birthDate) => _scenario.RegisterAsync(birthDate);

    private async Task<V1.Consent> GetAsync(string consentId) =>
        (await _scenario.Employment.Channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = consentId })).Consent;

    private Task<PageBrowser> SignedInAsync(string person) => _scenario.SignedInAsync(person);
}
