using System.Collections.Concurrent;
using System.Diagnostics;
using Hub.Client;
using Hub.Protocol;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Xunit.Abstractions;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>
/// C3 under load, on two hub nodes sharing one database: readers on both nodes ask CheckAccess as fast
/// as they can while the person's consent is revoked through one node. No check that started after
/// RevokeConsent returned may be permitted anything.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RevocationUnderLoadTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int ReadersPerNode = 4;
    private const int Rounds = 3;

    private HubServer _nodeA = null!;
    private HubServer _nodeB = null!;

    public async Task InitializeAsync()
    {
        _nodeA = await HubServer.StartAsync(postgres);
        _nodeB = await _nodeA.StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task No_check_that_starts_after_the_revocation_returned_is_permitted_on_either_node()
    {
        var welfare = await _nodeA.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _nodeA.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var employmentAtB = _nodeB.Channel(await _nodeB.TokenAsync(employment.ClientId, employment.ClientSecret));
        var person = (await welfare.Channel.UnaryCall(HubMethods.RegisterPerson, new RegisterPersonRequest { BirthDate = "1991-01-15" })).Person.PersonId;
        var check = Check(person, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);
        var afterRevocation = 0;
        var violations = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var consent = (await welfare.Channel.UnaryCall(HubMethods.GrantConsent,
                Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
            var reads = new ConcurrentBag<Read>();
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 2 * ReadersPerNode)
                .Select(i => ReadUntilStoppedAsync(i % 2 == 0 ? employment.Channel : employmentAtB, i % 2 == 0 ? "A" : "B", check, reads, stop.Token))
                .ToArray();

            await WaitForPermittedReadsAsync(reads);
            await welfare.Channel.UnaryCall(HubMethods.RevokeConsent, new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn" });
            var revokedAt = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            var later = reads.Where(read => read.StartedAt > revokedAt).ToList();
            afterRevocation += later.Count;
            output.WriteLine($"round {round}: {reads.Count} checks, {later.Count} started after RevokeConsent returned");
            violations.AddRange(later.Where(read => read.Permitted).Select(read => $"round {round}, node {read.Node}"));
            Assert.Contains(later, read => read.Node == "A");
            Assert.Contains(later, read => read.Node == "B");
            Assert.All(later, read => Assert.Equal(DenialReason.ConsentRevoked, read.Denial));
        }

        Assert.Empty(violations);
        Assert.True(afterRevocation >= 100, $"Only {afterRevocation} checks ran after revocations; the test proves little.");
    }

    private static async Task ReadUntilStoppedAsync(GrpcChannel channel, string node, CheckAccessRequest check, ConcurrentBag<Read> reads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var startedAt = Stopwatch.GetTimestamp();
            var answer = await channel.UnaryCall(HubMethods.CheckAccess, check);
            reads.Add(new Read(node, startedAt, answer.PermittedCategories.Count > 0, answer.Denied.Select(denied => denied.Reason).FirstOrDefault()));
        }
    }

    /// <summary>Until both nodes have served the consent, so the revocation lands in the middle of live traffic.</summary>
    private static async Task WaitForPermittedReadsAsync(ConcurrentBag<Read> reads)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (!(reads.Any(read => read.Permitted && read.Node == "A") && reads.Any(read => read.Permitted && read.Node == "B")))
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "The readers never saw the consent permit anything.");
            await Task.Delay(20);
        }

        await Task.Delay(200);
    }

    private sealed record Read(string Node, long StartedAt, bool Permitted, DenialReason Denial);
}
