using System.Net;
using System.Text.Json;
using Grpc.Health.V1;
using Hub.Reliability.Tests.Fuzzing;
using Hub.Reliability.Tests.Infrastructure;
using Hub.Testing;
using Hub.V1;
using Xunit.Abstractions;

namespace Hub.Reliability.Tests;

/// <summary>
/// The embedded database stops under the hub (pg_ctl stop -m immediate, as a crash of PostgreSQL
/// alone). The hub answers what clients can act on, logs the outage once, starts its cluster again
/// and serves on without being restarted itself.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    /// <summary>How long the hub waits before its first attempt to start the cluster again: the window the test looks through.</summary>
    private const int RestartDelaySeconds = 8;

    [Fact]
    public async Task An_outage_is_answered_unavailable_and_the_hub_serves_again_on_its_own_when_the_database_is_back()
    {
        await using var session = await HubSession.StartAsync(new Dictionary<string, string>
        {
            ["Hub__DatabaseProbeIntervalSeconds"] = "0.5",
            ["Hub__DatabaseRestartDelaySeconds"] = RestartDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var (known, callerToken) = await FuzzTargets.ArrangeAsync(session);
        var agency = await session.RegisterAgencyAsync("Outage Welfare Office", AgencyKind.Welfare);
        var wire = session.Wire;
        var person = (await wire.CallAsync<RegisterPersonResponse>("/hub.v1.PersonService/RegisterPerson", new RegisterPersonRequest { BirthDate = "1979-11-02" }, agency.Token)).Person.PersonId;
        var hubProcess = session.Hub.ProcessId;
        var logMark = session.Hub.Output.Count;

        await PostgresControl.StopImmediatelyAsync(session.Hub.ClusterDirectory);

        // Every RPC that needs the database: UNAVAILABLE with the reason, for as long as it is down.
        var answers = new List<WireResponse>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await wire.SendAsync("/hub.v1.PersonService/GetPerson", WireClient.Frame(new GetPersonRequest { PersonId = person }), WireClient.Bearer(agency.Token)));
            answers.Add(await wire.SendAsync("/hub.v1.AgencyService/ListAgencies", WireClient.Frame(new ListAgenciesRequest()), WireClient.Bearer(agency.Token)));
        }

        output.WriteLine($"during the outage: {string.Join(", ", answers.GroupBy(a => $"{a.Status} {a.ErrorInfo?.Reason}").Select(g => $"{g.Key} ×{g.Count()}"))}");
        Assert.All(answers, answer =>
        {
            Assert.Equal(GrpcCode.Unavailable, answer.Status);
            Assert.Equal("DATABASE_UNAVAILABLE", answer.ErrorInfo?.Reason);
        });

        // Every other RPC too: whatever it answers, never UNKNOWN; those that reach the database say why they can't.
        var seeds = new SeedRequests(known, new Random(3));
        foreach (var rpc in HubRpc.All)
        {
            var answer = await wire.SendAsync(rpc.Path, WireClient.Frame(seeds.Build(rpc)), WireClient.Bearer(rpc.IsAdmin ? session.AdminToken : callerToken));
            output.WriteLine($"{rpc}: {answer}");
            Assert.NotEqual(GrpcCode.Unknown, answer.Status);
            Assert.True(answer.Status != GrpcCode.Unavailable || answer.ErrorInfo?.Reason == "DATABASE_UNAVAILABLE", $"{rpc}: {answer}");
        }

        // The token service says the same in OAuth's words.
        using (var tokenAnswer = await TokenService.PostAsync(session.Hub.TokenEndpoint, agency.ClientId, agency.ClientSecret))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, tokenAnswer.StatusCode);
            Assert.NotNull(tokenAnswer.Headers.RetryAfter);
            var body = JsonDocument.Parse(await tokenAnswer.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthAsync(wire));

        // The hub starts its cluster again by itself and serves on, the same process throughout.
        await session.Hub.WaitUntilServingAsync();
        var found = await wire.CallAsync<GetPersonResponse>("/hub.v1.PersonService/GetPerson", new GetPersonRequest { PersonId = person }, agency.Token);
        Assert.Equal(person, found.Person.PersonId);
        Assert.Equal(hubProcess, session.Hub.ProcessId);
        Assert.False(session.Hub.HasExited);
        Assert.NotNull(await TokenService.RequestAsync(session.Hub.TokenEndpoint, agency.ClientId, agency.ClientSecret));

        // One warning when the database went away and one when it came back; no stack trace per request.
        var logged = session.Hub.Output.Skip(logMark).ToList();
        output.WriteLine(string.Join('\n', logged));
        Assert.Single(logged, line => line.Contains("The database is unreachable", StringComparison.Ordinal));
        Assert.Single(logged, line => line.Contains("The database is reachable again", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.StartsWith("fail:", StringComparison.Ordinal));
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(WireClient wire)
    {
        // The probe runs every half second; give it a few.
        for (var attempt = 0; ; attempt++)
        {
            var status = (await wire.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest(), token: null)).Status;
            if (status != HealthCheckResponse.Types.ServingStatus.Serving || attempt == 20)
            {
                return status;
            }

            await Task.Delay(250);
        }
    }
}
