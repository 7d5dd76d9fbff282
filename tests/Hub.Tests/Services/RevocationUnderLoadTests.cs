using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Xunit.Abstractions;
using static Hub.Tests.Infrastructure.CaseRequests;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>
/// C3 under load, on two hub nodes sharing one database — a second node in this process, or one in a
/// process of its own: readers on both nodes read as fast as they can while the person's consent is
/// revoked through the first. No read that started after RevokeConsent returned may succeed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RevocationUnderLoadTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int ReadersPerNode = 4;
    private const int Rounds = 4;
    private const int ReadsAfterEachRevocation = 150;

    /// <summary>How each RPC reads, and what counts as having been let in.</summary>
    private static readonly Dictionary<string, Func<GrpcChannel, string, Task<Outcome>>> Reads = new()
    {
        ["CheckAccess"] = async (channel, person) =>
        {
            var answer = await channel.Consents().CheckAccessAsync(Check(person, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));
            return new Outcome(answer.PermittedCategories.Count > 0, answer.Denied.Any(denied => denied.Reason == DenialReason.ConsentRevoked));
        },
        ["GetCaseSummary"] = async (channel, person) =>
        {
            try
            {
                var answer = await channel.Cases().GetCaseSummaryAsync(Read(person, Purpose.EmploymentSupport));
                return new Outcome(answer.Summaries.Count > 0, RefusedAsRevoked: false);
            }
            catch (RpcException denied) when (denied.StatusCode == StatusCode.PermissionDenied)
            {
                return new Outcome(false, denied.GetErrorInfo()?.Reason == "CONSENT_REVOKED");
            }
        },
    };

    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(postgres);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData("CheckAccess", false)]
    [InlineData("CheckAccess", true)]
    [InlineData("GetCaseSummary", false)]
    [InlineData("GetCaseSummary", true)]
    public async Task No_read_that_starts_after_the_revocation_returned_succeeds_on_either_node(string rpc, bool secondNodeInItsOwnProcess)
    {
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var token = await _hub.TokenAsync(employment.ClientId, employment.ClientSecret);
        await using var secondNode = secondNodeInItsOwnProcess ? await _hub.StartNodeProcessAsync() : null;
        await using var inProcessNode = secondNodeInItsOwnProcess ? null : await _hub.StartNodeAsync();
        using var toSecondNodeProcess = secondNode is null ? null : BearerToken.Channel(secondNode.GrpcAddress, token);
        var atSecondNode = toSecondNodeProcess ?? inProcessNode!.Channel(token);
        var person = (await welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1991-01-15" })).Person.PersonId;
        await welfare.Channel.Cases().PublishCaseSummaryAsync(Publish(person, "welfare", DataCategory.EmploymentStatus));
        var read = Reads[rpc];
        var afterRevocation = 0;
        var violations = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var consent = (await welfare.Channel.Consents().GrantConsentAsync(Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
            var reads = new ConcurrentBag<Read>();
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 2 * ReadersPerNode)
                .Select(i => i % 2 == 0
                    ? ReadUntilStoppedAsync("first", () => read(employment.Channel, person), reads, stop.Token)
                    : ReadUntilStoppedAsync("second", () => read(atSecondNode, person), reads, stop.Token))
                .ToArray();

            await WaitForSuccessfulReadsAsync(reads);
            await welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn" });
            var revokedAt = Stopwatch.GetTimestamp();
            await ReadOnAfterAsync(reads, revokedAt);
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            var later = reads.Where(r => r.StartedAt > revokedAt).ToList();
            afterRevocation += later.Count;
            output.WriteLine($"{rpc}, round {round}: {reads.Count} reads, {later.Count} started after RevokeConsent returned");
            violations.AddRange(later.Where(r => r.Outcome.LetIn).Select(r => $"round {round}, {r.Node} node"));
            Assert.Contains(later, r => r.Node == "first");
            Assert.Contains(later, r => r.Node == "second");
            Assert.All(later, r => Assert.True(r.Outcome.RefusedAsRevoked, $"A read after the revocation was refused for another reason, or not at all ({r.Node} node)."));
        }

        Assert.Empty(violations);
        Assert.True(afterRevocation >= Rounds * ReadsAfterEachRevocation, $"Only {afterRevocation} reads ran after revocations; the test proves little.");
    }

    private static async Task ReadUntilStoppedAsync(string node, Func<Task<Outcome>> read, ConcurrentBag<Read> reads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var startedAt = Stopwatch.GetTimestamp();
            reads.Add(new Read(node, startedAt, await read()));
        }
    }

    /// <summary>Until both nodes have let readers in, so the revocation lands in the middle of live traffic.</summary>
    private static async Task WaitForSuccessfulReadsAsync(ConcurrentBag<Read> reads)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 30);
        while (!(reads.Any(r => r.Outcome.LetIn && r.Node == "first") && reads.Any(r => r.Outcome.LetIn && r.Node == "second")))
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "The readers were never let in under the consent.");
            await Task.Delay(20);
        }

        await Task.Delay(200);
    }

    /// <summary>
    /// Half a second of reads after the revocation, and as long again (up to ten seconds) as it takes
    /// a loaded machine to start <see cref="ReadsAfterEachRevocation"/> of them on both nodes.
    /// </summary>
    private static async Task ReadOnAfterAsync(ConcurrentBag<Read> reads, long revokedAt)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        while (Stopwatch.GetTimestamp() < deadline
            && !(reads.Count(r => r.StartedAt > revokedAt) >= ReadsAfterEachRevocation && reads.Any(r => r.StartedAt > revokedAt && r.Node == "second")))
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Whether a read was let in, and whether a refusal said the consent was revoked.</summary>
    private sealed record Outcome(bool LetIn, bool RefusedAsRevoked);

    private sealed record Read(string Node, long StartedAt, Outcome Outcome);
}
