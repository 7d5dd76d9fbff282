using Hub.Client;
using Hub.Protocol;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.CaseRequests;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Audit;

/// <summary>
/// A1: a read is recorded before its data leaves, so when the record can't be written the data
/// doesn't leave. On a hub of its own, whose audit table is made to refuse every new row.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditBeforeDisclosureTests(PostgresFixture postgres) : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(postgres);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task When_the_audit_record_cant_be_written_nothing_is_disclosed()
    {
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var person = (await welfare.Channel.UnaryCall(HubMethods.RegisterPerson, new RegisterPersonRequest { BirthDate = "1983-03-03" })).Person.PersonId;
        await welfare.Channel.UnaryCall(HubMethods.PublishCaseSummary, Publish(person, "welfare", DataCategory.EmploymentStatus));
        await welfare.Channel.UnaryCall(HubMethods.GrantConsent, Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));
        var records = await CountRecordsAsync();

        await ExecuteAsync("ALTER TABLE audit_record ADD CONSTRAINT refuse_new_records CHECK (false) NOT VALID");
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            employment.Channel.UnaryCall(HubMethods.GetCaseSummary, Read(person, Purpose.EmploymentSupport)).ResponseAsync);
        await ExecuteAsync("ALTER TABLE audit_record DROP CONSTRAINT refuse_new_records");
        var afterwards = await employment.Channel.UnaryCall(HubMethods.GetCaseSummary, Read(person, Purpose.EmploymentSupport));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Equal("AUDIT_UNAVAILABLE", failure.Status.ErrorInfo!.Reason);
        Assert.DoesNotContain("facts", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(records + 1, await CountRecordsAsync());
        Assert.Single(afterwards.Summaries);
        Assert.NotEmpty(afterwards.AccessRecordId);
    }

    private Task<long> CountRecordsAsync() => _hub.Database.ScalarAsync<long>("SELECT count(*) FROM audit_record");

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = _hub.Database.NewDataSource();
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
