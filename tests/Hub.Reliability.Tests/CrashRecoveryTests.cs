using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Hub.Reliability.Tests.Infrastructure;
using Hub.Testing;
using Hub.V1;
using Xunit.Abstractions;

namespace Hub.Reliability.Tests;

/// <summary>
/// Power cuts under load: the hub and its embedded postmaster are killed with SIGKILL in the same
/// instant while agencies write, and the hub is started again at once on the same data directory.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Cycles = 5;
    private const int Writers = 8;

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_of_hub_and_postmaster_and_every_restart_serves()
    {
        await using var session = await HubSession.StartAsync();
        var author = await session.RegisterAgencyAsync("Crash Welfare Office", AgencyKind.Welfare);
        var recipient = await session.RegisterAgencyAsync("Crash Employment Centre", AgencyKind.Employment);
        var acknowledged = new Acknowledged();
        var random = new Random(5);
        var failures = new ConcurrentQueue<string>();

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var token = await TokenService.RequestAsync(session.Hub.TokenEndpoint, author.ClientId, author.ClientSecret);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers)
                .Select(writer => WriteUntilStoppedAsync(session.Wire, token, recipient.AgencyId, $"c{cycle}w{writer}", acknowledged, failures, stop.Token))
                .ToList();
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(800, 2_500)));
            var before = acknowledged.Count;
            await session.Hub.KillAsync(postmasterToo: true);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            var restart = Stopwatch.StartNew();
            await session.Hub.StartAgainAsync();
            output.WriteLine($"cycle {cycle}: {before} writes acknowledged so far; killed under load; serving again after {restart.Elapsed.TotalSeconds:F1} s");
        }

        // Every write the hub acknowledged is there after five crashes.
        var token2 = await TokenService.RequestAsync(session.Hub.TokenEndpoint, author.ClientId, author.ClientSecret);
        var lost = new List<string>();
        foreach (var person in acknowledged.People)
        {
            try
            {
                await session.Wire.CallAsync<GetPersonResponse>("/hub.v1.PersonService/GetPerson", new GetPersonRequest { PersonId = person }, token2);
            }
            catch (WireCallException exception)
            {
                lost.Add($"person {person}: {exception.Response}");
            }
        }

        foreach (var consent in acknowledged.Consents)
        {
            try
            {
                await session.Wire.CallAsync<GetConsentResponse>("/hub.v1.ConsentService/GetConsent", new GetConsentRequest { ConsentId = consent }, token2);
            }
            catch (WireCallException exception)
            {
                lost.Add($"consent {consent}: {exception.Response}");
            }
        }

        foreach (var (person, version) in acknowledged.Summaries)
        {
            var read = await session.Wire.CallAsync<GetCaseSummaryResponse>("/hub.v1.CaseService/GetCaseSummary", new GetCaseSummaryRequest
            {
                PersonId = person,
                Purpose = Purpose.WelfareServicePlanning,
            }, token2);
            if (read.Summaries.SingleOrDefault(summary => summary.AuthorAgencyId == author.AgencyId)?.Version is not { } stored || stored < version)
            {
                lost.Add($"summary of {person} version {version}");
            }
        }

        await session.RenewAdminTokenAsync();
        var chain = await session.Wire.CallAsync<VerifyAuditChainResponse>("/hub.v1.AuditService/VerifyAuditChain", new VerifyAuditChainRequest(), session.AdminToken);
        output.WriteLine($"acknowledged: {acknowledged.People.Count} people, {acknowledged.Consents.Count} consents, {acknowledged.Summaries.Count} publications; lost: {lost.Count}; " +
            $"audit chain {(chain.Intact ? "intact" : "broken")} over {chain.VerifiedCount} records");
        output.WriteLine($"refused or failed while the hub was being killed: {string.Join(", ", failures.GroupBy(f => f).Select(g => $"{g.Key} {g.Count()}"))}");

        Assert.True(acknowledged.Count > 100, $"Only {acknowledged.Count} writes were acknowledged; the load was too light to mean anything.");
        Assert.Empty(lost);
        Assert.True(chain.Intact, $"The audit chain is broken at {chain.FirstBrokenRecordId}: {chain.Problem}");
        Assert.True(chain.VerifiedCount >= acknowledged.Consents.Count + acknowledged.Summaries.Count);
    }

    /// <summary>
    /// One agency system writing as fast as the hub answers: registers people, grants a consent for
    /// each and publishes summaries, with request ids, until stopped. Only what the hub answered OK counts.
    /// </summary>
    private static async Task WriteUntilStoppedAsync(
        WireClient wire, string token, string recipient, string name, Acknowledged acknowledged, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var written = 0;
        while (!stop.IsCancellationRequested)
        {
            written++;
            try
            {
                var person = (await wire.CallAsync<RegisterPersonResponse>("/hub.v1.PersonService/RegisterPerson", new RegisterPersonRequest
                {
                    BirthDate = "1988-05-20",
                    LocalReference = $"{name}-{written}",
                    RequestId = $"{name}-person-{written}",
                }, token)).Person.PersonId;
                acknowledged.People.Add(person);

                var consent = (await wire.CallAsync<GrantConsentResponse>("/hub.v1.ConsentService/GrantConsent", new GrantConsentRequest
                {
                    PersonId = person,
                    RecipientAgencyId = recipient,
                    Purpose = Purpose.EmploymentSupport,
                    Categories = { DataCategory.EmploymentStatus, DataCategory.WorkplaceAccommodations },
                    ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
                    GrantedBy = GrantorRole.Subject,
                    CollectionMethod = CollectionMethod.Written,
                    RequestId = $"{name}-consent-{written}",
                }, token)).Consent.ConsentId;
                acknowledged.Consents.Add(consent);

                var summary = (await wire.CallAsync<PublishCaseSummaryResponse>("/hub.v1.CaseService/PublishCaseSummary", new PublishCaseSummaryRequest
                {
                    PersonId = person,
                    Sections = { new CaseSection { Category = DataCategory.EmploymentStatus, Facts = $"Entry {written} by {name}." } },
                    RequestId = $"{name}-summary-{written}",
                }, token)).Summary;
                acknowledged.Summaries.Add((person, summary.Version));
            }
            catch (WireCallException exception)
            {
                failures.Enqueue(exception.Status?.ToString() ?? "no status");
            }
            catch (Exception exception) when (exception is HttpRequestException or TimeoutException or IOException)
            {
                failures.Enqueue("connection lost");
                // The hub is gone; wait for the test to stop this writer rather than spin.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private sealed class Acknowledged
    {
        public ConcurrentBag<string> People { get; } = [];

        public ConcurrentBag<string> Consents { get; } = [];

        public ConcurrentBag<(string Person, int Version)> Summaries { get; } = [];

        public int Count => People.Count + Consents.Count + Summaries.Count;
    }
}
