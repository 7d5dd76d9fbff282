using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Npgsql;
using static Hub.Tests.Infrastructure.CaseRequests;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Storage;

/// <summary>
/// A refused request costs only its own call. Requests holding U+0000 used to reach PostgreSQL, and
/// when the execution that auto-prepared a statement was refused while its parameters were bound
/// (22021), Npgsql left the connection out of step: statements after it, other calls' on a
/// multiplexed connection, read replies that were not theirs ("Received unexpected backend message
/// DataRow"). Such requests are refused before they reach the database now. The pool is emptied
/// every few rounds, so statements are prepared again, on the executions that used to go wrong.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DriverSoundnessTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Rounds = 1_000;

    private HubServer _hub = null!;

    /// <summary>A deadline for each call, so a connection out of step fails the test rather than hanging it.</summary>
    private static CallOptions Bounded() => new(deadline: DateTime.UtcNow.AddSeconds(10));

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(postgres);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Requests_refused_for_a_nul_among_valid_ones_fail_alone_a_thousand_rounds_over()
    {
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var channel = welfare.Channel;
        var person = (await channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1987-09-09" })).Person.PersonId;
        await channel.Cases().PublishCaseSummaryAsync(Publish(person, "welfare", DataCategory.EmploymentStatus));
        await channel.Consents().GrantConsentAsync(Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));
        // Each once reached PostgreSQL with U+0000 in a parameter: decoded from a page token, or as sent.
        Func<Task>[] refused =
        [
            () => channel.Agencies().ListAgenciesAsync(new ListAgenciesRequest { PageToken = "YQBi" }, Bounded()).ResponseAsync,
            () => channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = person, PageToken = "MXxhAGI" }, Bounded()).ResponseAsync,
            () => channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1987-09-09", LocalReference = "R\0" }, Bounded()).ResponseAsync,
            () => channel.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = person, AgencyId = employment.AgencyId, Reason = "a\0b" }, Bounded()).ResponseAsync,
        ];
        Func<Task>[] valid =
        [
            () => channel.Agencies().ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync,
            () => channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = person }, Bounded()).ResponseAsync,
            () => channel.People().GetPersonAsync(new GetPersonRequest { PersonId = person }, Bounded()).ResponseAsync,
            () => employment.Channel.Consents().CheckAccessAsync(Check(person, Purpose.EmploymentSupport), Bounded()).ResponseAsync,
            () => employment.Channel.Cases().GetCaseSummaryAsync(Read(person, Purpose.EmploymentSupport), Bounded()).ResponseAsync,
        ];
        var dataSource = _hub.Services.GetRequiredService<NpgsqlDataSource>();
        var failures = new List<string>();
        var notRefused = new List<string>();
        var made = 0;

        // Stops early once it is clear: a connection out of step makes calls wait out their deadlines.
        for (var round = 0; round < Rounds && failures.Count + notRefused.Count < 20; round++)
        {
            if (round % 20 == 0)
            {
                dataSource.Clear();
            }

            var invalid = refused[round % refused.Length]();
            var calls = Enumerable.Range(0, 8).Select(i => valid[(round + i) % valid.Length]()).ToList();
            try
            {
                await invalid;
                notRefused.Add("OK");
            }
            catch (RpcException exception) when (exception.StatusCode != StatusCode.InvalidArgument)
            {
                notRefused.Add(exception.StatusCode.ToString());
            }
            catch (RpcException)
            {
            }

            made += calls.Count;
            foreach (var call in calls)
            {
                try
                {
                    await call;
                }
                catch (RpcException exception)
                {
                    failures.Add(exception.Status.Detail);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {made} valid calls failed: {string.Join("; ", failures.Distinct().Take(3))}");
        Assert.True(notRefused.Count == 0, $"{notRefused.Count} requests holding a NUL were not refused as INVALID_ARGUMENT: {string.Join(", ", notRefused.Distinct())}");
    }
}
