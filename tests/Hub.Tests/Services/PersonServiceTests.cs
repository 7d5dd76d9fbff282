using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Services;

[Collection(HubCollection.Name)]
public sealed class PersonServiceTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _employment = null!;
    private TestAgency _hospital = null!;

    public async Task InitializeAsync()
    {
        _employment = await _hub.RegisterAgencyAsync("Employment Support Centre", AgencyKind.Employment);
        _hospital = await _hub.RegisterAgencyAsync("Metropolitan Hospital", AgencyKind.Medical);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Registering_links_the_caller_and_gives_an_opaque_id()
    {
        var registered = await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1995-06-30", LocalReference = "ES-2026-0042" });

        Assert.Matches("^p_[a-z2-7]{26}$", registered.Person.PersonId);
        Assert.Equal("1995-06-30", registered.Person.BirthDate);
        var link = Assert.Single(registered.Person.Links);
        Assert.Equal(_employment.AgencyId, link.AgencyId);

        var fetched = await _employment.Channel.People().GetPersonAsync(new GetPersonRequest { PersonId = registered.Person.PersonId });
        Assert.Equal("ES-2026-0042", fetched.LocalReference);
    }

    [Fact]
    public async Task A_local_reference_registered_twice_is_already_exists_naming_the_person()
    {
        var reference = "ES-" + Guid.NewGuid().ToString("N")[..8];
        var first = await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-01-01", LocalReference = reference });

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-01-01", LocalReference = reference }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, failure.StatusCode);
        Assert.Equal(first.Person.PersonId, failure.GetErrorInfo()!.Metadata["person_id"]);
    }

    [Fact]
    public async Task A_repeated_request_id_registers_once()
    {
        var request = new RegisterPersonRequest { BirthDate = "2000-02-29", RequestId = Guid.NewGuid().ToString() };

        var first = await _employment.Channel.People().RegisterPersonAsync(request);
        var repeat = await _employment.Channel.People().RegisterPersonAsync(request);

        Assert.Equal(first.Person.PersonId, repeat.Person.PersonId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30/06/1995")]
    [InlineData("1995-02-30")]
    [InlineData("2999-01-01")]
    [InlineData("1800-01-01")]
    public async Task Invalid_birth_dates_are_invalid_field(string birthDate)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = birthDate }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("birth_date", failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task A_linked_agency_links_another_which_can_then_see_the_person()
    {
        var person = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1992-03-03" })).Person;

        var linked = await _employment.Channel.People().LinkAgencyAsync(new LinkAgencyRequest
        {
            PersonId = person.PersonId,
            AgencyId = _hospital.AgencyId,
            Reason = "outpatient psychiatry; shared support plan agreed at intake",
        });

        var link = Assert.Single(linked.Person.Links, candidate => candidate.AgencyId == _hospital.AgencyId);
        Assert.Equal(_employment.AgencyId, link.LinkedByAgencyId);
        var seenByHospital = await _hospital.Channel.People().GetPersonAsync(new GetPersonRequest { PersonId = person.PersonId });
        Assert.Equal(person.PersonId, seenByHospital.Person.PersonId);
        Assert.Empty(seenByHospital.LocalReference);
    }

    [Fact]
    public async Task Linking_needs_a_reason_and_a_real_agency()
    {
        var person = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1992-03-03" })).Person;

        var noReason = await Assert.ThrowsAsync<RpcException>(() => _employment.Channel.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = person.PersonId, AgencyId = _hospital.AgencyId }).ResponseAsync);
        var noAgency = await Assert.ThrowsAsync<RpcException>(() => _employment.Channel.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = person.PersonId, AgencyId = "ag_aaaaaaaaaaaaaaaaaaaaaaaaaa", Reason = "referral" }).ResponseAsync);

        Assert.Equal("reason", noReason.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal("agency_id", noAgency.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal(1, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM person_link WHERE person_id = '{person.PersonId}'"));
    }

    [Fact]
    public async Task A_disabled_agency_cant_be_linked()
    {
        var person = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1992-03-03" })).Person;
        var closed = await _hub.RegisterAgencyAsync("Closed Clinic", AgencyKind.Medical);
        await (await _hub.AdminAsync()).Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = closed.AgencyId, Reason = "closed" });

        var failure = await Assert.ThrowsAsync<RpcException>(() => _employment.Channel.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = person.PersonId, AgencyId = closed.AgencyId, Reason = "referral" }).ResponseAsync);

        Assert.Equal("agency_id", failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task The_operator_is_not_an_agency_and_cant_register_people()
    {
        var admin = _hub.Channel(await _hub.TokenAsync("hub-admin", HubServer.AdminSecret));

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            admin.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-01-01" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
    }

    [Fact]
    public async Task An_access_code_is_for_the_person_shown_once_stored_hashed_and_recorded()
    {
        var person = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1988-04-01" })).Person;

        var issued = await _employment.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person.PersonId });
        var another = await _employment.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person.PersonId });

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{3}(-[0-9A-HJKMNP-TV-Z]{3}){5}$", issued.Code);
        Assert.NotEqual(issued.Code, another.Code);
        Assert.Equal(GrantorRole.Subject, issued.Holder);
        Assert.Equal("/me", issued.SignInPath);
        Assert.InRange(issued.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        // Kept as the handle and the SHA-256 of the secret part, never the secret itself.
        var typed = issued.Code.Replace("-", string.Empty, StringComparison.Ordinal);
        Assert.Equal(1L, await _hub.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM person_access_code WHERE handle = '{typed[..6]}' AND secret_hash = sha256('{typed[6..]}'::bytea)"));
        Assert.Equal(2L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM person_access_code WHERE person_id = '{person.PersonId}'"));
        var records = (await _employment.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            PersonId = person.PersonId,
            Actions = { AuditAction.AccessCodeIssued },
        })).Records;
        Assert.Equal(2, records.Count);
        Assert.All(records, record => Assert.Equal(_employment.AgencyId, record.AccessorAgencyId));
        Assert.All(records, record => Assert.False(record.ByPerson));
    }

    [Fact]
    public async Task A_minor_s_access_code_is_for_the_legal_guardian()
    {
        var birthDate = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var child = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = birthDate })).Person;

        var issued = await _employment.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = child.PersonId });

        Assert.Equal(GrantorRole.LegalGuardian, issued.Holder);
    }

    [Fact]
    public async Task An_agency_not_linked_to_the_person_can_t_issue_a_code_and_learns_nothing()
    {
        var person = (await _employment.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-05-05" })).Person;

        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            _hospital.Channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = person.PersonId }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM person_access_code WHERE person_id = '{person.PersonId}'"));
    }
}
