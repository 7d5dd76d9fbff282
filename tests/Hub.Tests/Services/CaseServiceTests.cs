using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.CaseRequests;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>
/// CaseService: the welfare office and the hospital (both linked) publish summaries; the employment
/// centre, not linked, reads under its consent; the school is a stranger.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CaseServiceTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _welfare = null!;
    private TestAgency _hospital = null!;
    private TestAgency _employment = null!;
    private TestAgency _school = null!;
    private string _personId = null!;

    public async Task InitializeAsync() => (_welfare, _hospital, _employment, _school, _personId) = await Cast.AssembleAsync(_hub);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_publication_supersedes_the_previous_one_which_is_kept_but_not_served()
    {
        var first = (await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.LivingSituation, DataCategory.SupportPlan))).Summary;
        var second = (await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare v2", DataCategory.SupportPlan))).Summary;

        var read = await _welfare.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.WelfareServicePlanning));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal([DataCategory.SupportPlan, DataCategory.LivingSituation], first.Sections.Select(section => section.Category));
        var summary = Assert.Single(read.Summaries);
        Assert.Equal(second, summary);
        Assert.Equal(2L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM case_summary WHERE person_id = '{_personId}'"));
        Assert.Equal(3L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM case_section WHERE person_id = '{_personId}'"));
    }

    [Fact]
    public async Task A_recipient_reads_only_the_consented_categories_and_no_trace_of_the_rest()
    {
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.EmploymentStatus, DataCategory.FamilySituation, DataCategory.WorkplaceAccommodations));
        await _hospital.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "hospital", DataCategory.Diagnosis, DataCategory.Medication));
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations))).Consent;

        var read = await _employment.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.EmploymentSupport));

        var summary = Assert.Single(read.Summaries);
        Assert.Equal(_welfare.AgencyId, summary.AuthorAgencyId);
        Assert.Equal([DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations], summary.Sections.Select(section => section.Category));
        Assert.Equal(Section("welfare", DataCategory.EmploymentStatus), summary.Sections[0]);
        Assert.Equal([DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations], read.PermittedCategories);
        var text = read.ToString();
        Assert.DoesNotContain("hospital", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_hospital.AgencyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Family", text, StringComparison.OrdinalIgnoreCase);

        var record = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { AuditAction.DataDisclosed } })).Records.Single();
        Assert.Equal(read.AccessRecordId, record.RecordId);
        Assert.Equal(_employment.AgencyId, record.AccessorAgencyId);
        Assert.Equal(Purpose.EmploymentSupport, record.Purpose);
        Assert.Equal([DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations], record.Categories);
        Assert.Equal([consent.ConsentId], record.ConsentIds);
        Assert.Equal([_welfare.AgencyId], record.AuthorAgencyIds);
    }

    [Fact]
    public async Task The_answer_is_the_same_whether_withheld_sections_exist_or_not()
    {
        await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.EmploymentStatus));
        var before = await _employment.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.EmploymentSupport));

        await _hospital.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "hospital", DataCategory.Diagnosis, DataCategory.TraumaHistory));
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.EmploymentStatus, DataCategory.SexualOrientationGenderIdentity));
        var after = await _employment.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.EmploymentSupport));

        before.AccessRecordId = after.AccessRecordId = string.Empty;
        before.Summaries[0].Version = after.Summaries[0].Version = 0;
        before.Summaries[0].PublishedAt = after.Summaries[0].PublishedAt = null;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_consent_naming_sources_releases_only_their_sections()
    {
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.SupportPlan));
        await _hospital.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "hospital", DataCategory.SupportPlan));
        var grant = Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.SupportPlan);
        grant.SourceAgencyIds.Add(_hospital.AgencyId);
        await _welfare.Channel.Consents().GrantConsentAsync(grant);

        var read = await _employment.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.EmploymentSupport));

        Assert.Equal([_hospital.AgencyId], read.Summaries.Select(summary => summary.AuthorAgencyId));
    }

    [Fact]
    public async Task A_separately_consented_sensitive_category_is_released_to_its_recipient()
    {
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.Diagnosis, DataCategory.SupportPlan, DataCategory.TraumaHistory));
        await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan, DataCategory.Diagnosis));

        var read = await _hospital.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.Treatment));

        var fromWelfare = Assert.Single(read.Summaries);
        Assert.Equal([DataCategory.SupportPlan, DataCategory.Diagnosis], fromWelfare.Sections.Select(section => section.Category));
    }

    [Fact]
    public async Task An_author_reads_its_own_summary_in_full_without_consent_and_only_what_it_asks_for()
    {
        await _hospital.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "hospital", DataCategory.Diagnosis, DataCategory.Medication));
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.Diagnosis));

        var all = await _hospital.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.Treatment));
        var some = await _hospital.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.Treatment, DataCategory.Medication));

        Assert.Equal([_hospital.AgencyId], all.Summaries.Select(summary => summary.AuthorAgencyId));
        Assert.Equal(2, all.Summaries[0].Sections.Count);
        Assert.Empty(all.PermittedCategories);
        Assert.Equal([DataCategory.Medication], some.Summaries.Single().Sections.Select(section => section.Category));
    }

    [Fact]
    public async Task Without_a_usable_consent_a_recipient_is_denied_with_the_reason_and_a_stranger_finds_nothing()
    {
        var consent = (await _welfare.Channel.Consents().GrantConsentAsync(Grant(_personId, _employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
        var otherPurpose = await Assert.ThrowsAsync<RpcException>(() =>
            _employment.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.Treatment)).ResponseAsync);
        await _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn" });

        var revoked = await Assert.ThrowsAsync<RpcException>(() =>
            _employment.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.EmploymentSupport)).ResponseAsync);
        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            _school.Channel.Cases().GetCaseSummaryAsync(Read(_personId, Purpose.EducationSupport)).ResponseAsync);
        var madeUp = await Assert.ThrowsAsync<RpcException>(() =>
            _school.Channel.Cases().GetCaseSummaryAsync(Read("p_aaaaaaaaaaaaaaaaaaaaaaaaaa", Purpose.EducationSupport)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, otherPurpose.StatusCode);
        Assert.Equal("PURPOSE_NOT_CONSENTED", otherPurpose.GetErrorInfo()!.Reason);
        Assert.Equal(StatusCode.PermissionDenied, revoked.StatusCode);
        Assert.Equal("CONSENT_REVOKED", revoked.GetErrorInfo()!.Reason);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(madeUp.Status, stranger.Status);
        var refusals = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { AuditAction.ReadRefused } })).Records;
        Assert.Equal([Purpose.Treatment, Purpose.EmploymentSupport], refusals.Select(record => record.Purpose));
        Assert.All(refusals, record => Assert.Equal(_employment.AgencyId, record.AccessorAgencyId));
        Assert.All(refusals, record => Assert.Empty(record.AuthorAgencyIds));
    }

    [Theory]
    [InlineData("no sections")]
    [InlineData("two sections of one category")]
    [InlineData("unknown category")]
    [InlineData("a field too long")]
    [InlineData("a section that says nothing")]
    [InlineData("too large in all")]
    public async Task A_malformed_summary_is_invalid_and_publishes_nothing(string fault)
    {
        var request = Publish(_personId, "welfare", DataCategory.SupportPlan);
        switch (fault)
        {
            case "no sections": request.Sections.Clear(); break;
            case "two sections of one category": request.Sections.Add(Section("again", DataCategory.SupportPlan)); break;
            case "unknown category": request.Sections.Add(new CaseSection { Category = (DataCategory)77, Facts = "x" }); break;
            case "a field too long": request.Sections[0].Facts = new string('f', 8_001); break;
            case "a section that says nothing": request.Sections.Add(new CaseSection { Category = DataCategory.CrisisPlan, Plan = "   " }); break;
            case "too large in all":
                request.Sections.Clear();
                request.Sections.Add(Enumerable.Range(1, 9).Select(category => new CaseSection { Category = (DataCategory)category, Facts = new string('x', 7_900) }));
                break;
        }

        var failure = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Cases().PublishCaseSummaryAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.StartsWith("sections", failure.GetErrorInfo()!.Metadata["field"], StringComparison.Ordinal);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM case_summary WHERE person_id = '{_personId}'"));
    }

    [Fact]
    public async Task Only_linked_agencies_publish_and_a_repeated_request_id_publishes_once()
    {
        var byRecipient = await Assert.ThrowsAsync<RpcException>(() =>
            _employment.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "employment", DataCategory.EmploymentStatus)).ResponseAsync);
        var request = Publish(_personId, "welfare", DataCategory.SupportPlan);
        request.RequestId = Guid.NewGuid().ToString();

        var first = await _welfare.Channel.Cases().PublishCaseSummaryAsync(request);
        var repeat = await _welfare.Channel.Cases().PublishCaseSummaryAsync(request);

        Assert.Equal(StatusCode.NotFound, byRecipient.StatusCode);
        Assert.Equal(first, repeat);
        Assert.Equal(1, first.Summary.Version);
    }
}
