using Grpc.Core;
using Hub.Client;
using Hub.Testing;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Npgsql;
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
        var (employment, person) = await ReaderOfOneSummaryAsync();
        var records = await CountRecordsAsync();

        // The hub reports a failed audit commit as the error it is.
        _hub.Errors.Expect(entry => entry.StartsWith("Hub.Audit.AuditAppender[300]", StringComparison.Ordinal));
        await ExecuteAsync("ALTER TABLE audit_record ADD CONSTRAINT refuse_new_records CHECK (false) NOT VALID");
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            employment.Channel.Cases().GetCaseSummaryAsync(Read(person, Purpose.EmploymentSupport)).ResponseAsync);
        await ExecuteAsync("ALTER TABLE audit_record DROP CONSTRAINT refuse_new_records");
        var afterwards = await employment.Channel.Cases().GetCaseSummaryAsync(Read(person, Purpose.EmploymentSupport));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Equal("AUDIT_UNAVAILABLE", failure.GetErrorInfo()!.Reason);
        Assert.DoesNotContain("facts", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(records + 1, await CountRecordsAsync());
        Assert.Single(afterwards.Summaries);
        Assert.NotEmpty(afterwards.AccessRecordId);
    }

    [Fact]
    public async Task A_read_whose_call_ended_before_its_record_was_written_leaves_no_record()
    {
        var (employment, person) = await ReaderOfOneSummaryAsync();

        // Hold the chain's head, so the group commit of a first read waits on it while more reads queue.
        await using var holder = _hub.Database.NewDataSource();
        await using var lockConnection = await holder.OpenConnectionAsync();
        await using var holding = await lockConnection.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT seq FROM audit_chain_head FOR UPDATE", lockConnection, holding))
        {
            await take.ExecuteScalarAsync();
        }

        var first = employment.Channel.Cases().GetCaseSummaryAsync(Read(person, Purpose.EmploymentSupport)).ResponseAsync;
        await Poll.UntilAsync(
            async () => await _hub.Database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%audit_chain_head%'") > 0,
            "the first read's group commit waits for the head");
        // Sent by hand with grpc-timeout and no client-side deadline, so each answer is the hub's own
        // DEADLINE_EXCEEDED: the call has ended on the hub by the time its answer arrives. (A client
        // that enforces the deadline itself may give up a moment before the hub's timer fires.)
        var token = await _hub.TokenAsync(employment.ClientId, employment.ClientSecret);
        using var wire = new WireClient(_hub.GrpcAddress);
        var abandoned = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            (await wire.SendAsync("/hub.v1.CaseService/GetCaseSummary", WireClient.Frame(Read(person, Purpose.EmploymentSupport)), [.. WireClient.Bearer(token), new("grpc-timeout", "300m")])).Status));
        await holding.RollbackAsync();
        await first;
        // Queued behind the abandoned ones, so once it is answered they have been dealt with.
        await employment.Channel.Cases().GetCaseSummaryAsync(Read(person, Purpose.EmploymentSupport));

        Assert.All(abandoned, code => Assert.Equal(GrpcCode.DeadlineExceeded, code));
        Assert.Equal(2, await _hub.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_record WHERE person_id = '{person}' AND accessor_agency_id = '{employment.AgencyId}' AND action = {(int)AuditAction.DataDisclosed}"));
    }

    /// <summary>A welfare office's summary of a person, and the employment centre that may read it.</summary>
    private async Task<(TestAgency Reader, string PersonId)> ReaderOfOneSummaryAsync()
    {
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var person = (await welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1983-03-03" })).Person.PersonId;
        await welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(person, "welfare", DataCategory.EmploymentStatus));
        await welfare.Channel.Consents().GrantConsentAsync(Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));
        return (employment, person);
    }

    private Task<long> CountRecordsAsync() => _hub.Database.ScalarAsync<long>("SELECT count(*) FROM audit_record");

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = _hub.Database.NewDataSource();
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
