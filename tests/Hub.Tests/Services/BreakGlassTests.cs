using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.CaseRequests;

namespace Hub.Tests.Services;

/// <summary>
/// C8: in an emergency the school, with no link and no consent, reads the person's identity and crisis
/// plan — nothing else — with a written justification; the read is flagged in the audit trail, every
/// linked agency is told, and the glass can't be broken over and over.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class BreakGlassTests(HubFixture fixture) : IAsyncLifetime
{
    private const string Justification = "Student disclosed plans of self-harm this morning; nurse needs the crisis plan now.";

    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _welfare = null!;
    private TestAgency _hospital = null!;
    private TestAgency _school = null!;
    private string _personId = null!;

    public async Task InitializeAsync()
    {
        (_welfare, _hospital, _, _school, _personId) = await Cast.AssembleAsync(_hub, birthDate: "2009-02-02");
        await _welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "welfare", DataCategory.IdentityBasic, DataCategory.CrisisPlan, DataCategory.FamilySituation));
        await _hospital.Channel.Cases().PublishCaseSummaryAsync(Publish(_personId, "hospital", DataCategory.CrisisPlan, DataCategory.Diagnosis));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Break_glass_releases_only_identity_and_crisis_plan_flagged_and_announced()
    {
        var read = await _school.Channel.Cases().GetCaseSummaryAsync(Emergency(Justification));

        Assert.Equal([DataCategory.IdentityBasic, DataCategory.CrisisPlan], read.PermittedCategories);
        Assert.Equal(new[] { _hospital.AgencyId, _welfare.AgencyId }.Order(StringComparer.Ordinal), read.Summaries.Select(summary => summary.AuthorAgencyId).Order(StringComparer.Ordinal));
        Assert.All(read.Summaries.SelectMany(summary => summary.Sections),
            section => Assert.Contains(section.Category, new[] { DataCategory.IdentityBasic, DataCategory.CrisisPlan }));
        Assert.Equal(3, read.Summaries.Sum(summary => summary.Sections.Count));

        var record = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { AuditAction.DataDisclosed } })).Records.Single();
        Assert.Equal(read.AccessRecordId, record.RecordId);
        Assert.True(record.BreakGlass);
        Assert.Equal(Justification, record.Justification);
        Assert.Equal(Purpose.Emergency, record.Purpose);
        Assert.Equal(_school.AgencyId, record.AccessorAgencyId);
        Assert.Equal([DataCategory.IdentityBasic, DataCategory.CrisisPlan], record.Categories);
        Assert.Empty(record.ConsentIds);

        var notice = HubEvent.Parser.ParseFrom(await _hub.Database.ScalarAsync<byte[]>(
            $"SELECT payload FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'BreakGlassAccess'"));
        Assert.Equal(read.AccessRecordId, notice.BreakGlassAccess.AccessRecordId);
        Assert.Equal(_school.AgencyId, notice.BreakGlassAccess.AccessorAgencyId);
        var audience = await _hub.Database.ScalarAsync<string[]>($"SELECT audience FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'BreakGlassAccess'");
        Assert.Equal(new[] { _welfare.AgencyId, _hospital.AgencyId }.Order(StringComparer.Ordinal), audience);
    }

    [Theory]
    [InlineData("")]
    [InlineData("crisis")]
    [InlineData("   short but padded      ")]
    public async Task Without_a_justification_of_twenty_characters_nothing_is_read(string justification)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => _school.Channel.Cases().GetCaseSummaryAsync(Emergency(justification)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("BREAK_GLASS_JUSTIFICATION_REQUIRED", failure.GetErrorInfo()!.Reason);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_record WHERE person_id = '{_personId}' AND break_glass"));
    }

    [Fact]
    public async Task Break_glass_does_not_reach_other_categories()
    {
        var request = Emergency(Justification);
        request.Categories.Add(DataCategory.Diagnosis);
        var diagnosisOnly = Emergency(Justification);
        diagnosisOnly.Categories.Add(DataCategory.Diagnosis);
        request.Categories.Add(DataCategory.CrisisPlan);

        var read = await _school.Channel.Cases().GetCaseSummaryAsync(request);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _school.Channel.Cases().GetCaseSummaryAsync(diagnosisOnly).ResponseAsync);

        Assert.Equal([DataCategory.CrisisPlan], read.PermittedCategories);
        Assert.DoesNotContain("Diagnosis", read.ToString(), StringComparison.Ordinal);
        Assert.Equal("categories", refused.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task An_agency_may_break_the_glass_for_one_person_only_a_few_times_a_day()
    {
        for (var i = 0; i < 5; i++)
        {
            await _school.Channel.Cases().GetCaseSummaryAsync(Emergency(Justification));
        }

        var sixth = await Assert.ThrowsAsync<RpcException>(() => _school.Channel.Cases().GetCaseSummaryAsync(Emergency(Justification)).ResponseAsync);
        var anotherAgency = await _hospital.Channel.Cases().GetCaseSummaryAsync(Emergency(Justification));

        Assert.Equal(StatusCode.ResourceExhausted, sixth.StatusCode);
        Assert.Equal("BREAK_GLASS_RATE_LIMITED", sixth.GetErrorInfo()!.Reason);
        Assert.NotEmpty(anotherAgency.AccessRecordId);
    }

    [Fact]
    public async Task Break_glass_for_a_person_that_does_not_exist_is_not_found()
    {
        var request = Emergency(Justification);
        request.PersonId = "p_aaaaaaaaaaaaaaaaaaaaaaaaaa";

        var failure = await Assert.ThrowsAsync<RpcException>(() => _school.Channel.Cases().GetCaseSummaryAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, failure.StatusCode);
    }

    [Fact]
    public async Task A_justification_without_emergency_purpose_is_refused()
    {
        var request = Read(_personId, Purpose.CareCoordination);
        request.BreakGlassJustification = Justification;

        var failure = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Cases().GetCaseSummaryAsync(request).ResponseAsync);

        Assert.Equal("break_glass_justification", failure.GetErrorInfo()!.Metadata["field"]);
    }

    private GetCaseSummaryRequest Emergency(string justification)
    {
        var request = Read(_personId, Purpose.Emergency);
        request.BreakGlassJustification = justification;
        return request;
    }
}
