using Grpc.Health.V1;
using Hub.Client;
using Hub.Events;
using Hub.Testing;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>The RabbitMQ node the cross-node event tests share, started for them and removed after.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    public RabbitMqNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await RabbitMqNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// E2 between nodes for real: hub nodes on one PostgreSQL and one RabbitMQ — the first in this
/// process, the others in processes of their own — whose feeds check the store only every ten
/// minutes, so what reaches another node's watch came over the bus.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossNodeEventTests(PostgresFixture postgres, RabbitMqFixture rabbit) : IAsyncLifetime, IClassFixture<RabbitMqFixture>
{
    private static readonly Dictionary<string, string> EventSettings = new()
    {
        ["Hub__Events__PollInterval"] = "00:00:00.200",
        ["Hub__Events__FeedCheckInterval"] = "00:10:00",
        ["Hub__Events__HeartbeatInterval"] = "00:00:01",
        ["Hub__DatabaseProbeIntervalSeconds"] = "0.5",
    };

    private HubServer _nodeA = null!;
    private Cast _cast = null!;

    public async Task InitializeAsync()
    {
        _nodeA = await HubServer.StartAsync(postgres, Settings(rabbit.Node).ToDictionary(setting => setting.Key.Replace("__", ":", StringComparison.Ordinal), setting => (string?)setting.Value));
        _cast = await Cast.AssembleAsync(_nodeA);
    }

    public async Task DisposeAsync() => await _nodeA.DisposeAsync();

    [Fact]
    public async Task A_revocation_on_node_A_reaches_a_watch_on_node_B()
    {
        await using var nodeB = await _nodeA.StartNodeProcessAsync("node-b", Settings(rabbit.Node));
        await using var watchOnB = EventWatch.Start(await AtNodeAsync(nodeB, _cast.Employment));
        await watchOnB.ReadyAsync();
        var consent = await GrantAsync();

        await RevokeAsync(consent);

        var revoked = await watchOnB.UntilAsync(e => e.ConsentRevoked?.Consent.ConsentId == consent, "node B's watch hears of the revocation made on node A");
        Assert.Equal(_cast.PersonId, revoked.Event.PersonId);
        Assert.Empty(nodeB.ErrorEntries);
    }

    [Fact]
    public async Task Killing_the_relaying_node_loses_no_event_and_a_watch_elsewhere_sees_each_in_cursor_order()
    {
        await using var nodeB = await _nodeA.StartNodeProcessAsync("node-b", Settings(rabbit.Node));
        await using var nodeC = await _nodeA.StartNodeProcessAsync("node-c", Settings(rabbit.Node));
        // Node A hands the relay over, so that a node in a process of its own holds it and can be killed.
        await _nodeA.Services.GetServices<IHostedService>().OfType<OutboxRelay>().Single().StopAsync(CancellationToken.None);
        var relaying = await RelayHolderAsync(holder => holder is "node-b" or "node-c");
        var (victim, survivor) = relaying == "node-b" ? (nodeB, nodeC) : (nodeC, nodeB);
        await using var watch = EventWatch.Start(await AtNodeAsync(survivor, _cast.Employment));
        await watch.ReadyAsync();

        var granted = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            granted.Add(await GrantAsync());
            if (i == 20)
            {
                await victim.KillAsync(postmasterToo: false);
            }
        }

        await RelayHolderAsync(holder => holder == (relaying == "node-b" ? "node-c" : "node-b"));
        await Poll.UntilAsync(() => granted.All(consent => watch.Events.Any(e => e.Event.ConsentGranted?.Consent.ConsentId == consent)), "every grant reaches the watch");
        var cursors = watch.Events.Select(e => long.Parse(e.Cursor, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(cursors.Order().Distinct(), cursors);
        Assert.Equal(0L, await _nodeA.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_event, event_cursor WHERE cursor IS NULL OR cursor > dispatched_through"));
    }

    [Fact]
    public async Task While_RabbitMQ_is_away_events_wait_in_the_outbox_with_the_bus_reported_down_and_all_arrive_after()
    {
        await using var nodeB = await _nodeA.StartNodeProcessAsync("node-b", Settings(rabbit.Node));
        await using var watchOnB = EventWatch.Start(await AtNodeAsync(nodeB, _cast.Employment));
        await watchOnB.ReadyAsync();
        var health = _nodeA.Channel(null).Health();

        await rabbit.Node.StopAppAsync();
        var granted = new List<string>();
        try
        {
            await Poll.UntilAsync(async () => (await health.CheckAsync(new HealthCheckRequest { Service = "hub.v1.EventService" })).Status == HealthCheckResponse.Types.ServingStatus.NotServing,
                "the event service reports the bus down");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
            for (var i = 0; i < 5; i++)
            {
                granted.Add(await GrantAsync());
            }

            await Poll.UntilAsync(async () => await _nodeA.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_event, event_cursor WHERE cursor IS NULL OR cursor > dispatched_through") >= 5,
                "the events wait in the outbox");
        }
        finally
        {
            await rabbit.Node.StartAppAsync();
        }

        await Poll.UntilAsync(() => granted.All(consent => watchOnB.Events.Any(e => e.Event.ConsentGranted?.Consent.ConsentId == consent)), "every event arrives once the bus is back");
        await Poll.UntilAsync(async () => (await health.CheckAsync(new HealthCheckRequest { Service = "hub.v1.EventService" })).Status == HealthCheckResponse.Types.ServingStatus.Serving,
            "the event service reports the bus back");
    }

    [Fact]
    public async Task The_client_watcher_resumes_from_its_cursor_when_its_node_goes_away_and_comes_back()
    {
        await using var nodeB = await _nodeA.StartNodeProcessAsync("node-b", Settings(rabbit.Node));
        using var atB = await AtNodeAsync(nodeB, _cast.Employment);
        var watcher = new EventWatcher(atB.Events()) { FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        using var stop = new CancellationTokenSource();
        var received = new List<DeliveredEvent>();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in watcher.WatchAsync([EventKind.ConsentGranted], stop.Token))
                {
                    if (item.Event is { } delivered)
                    {
                        lock (received)
                        {
                            received.Add(delivered);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });
        await Poll.UntilAsync(() => watcher.Cursor.Length > 0, "the watch starts");

        var before = new[] { await GrantAsync(), await GrantAsync() };
        await Poll.UntilAsync(() => Seen(received, before), "the first grants arrive");
        await nodeB.KillAsync(postmasterToo: false);
        var whileAway = new[] { await GrantAsync(), await GrantAsync(), await GrantAsync() };
        await nodeB.StartAgainAsync();
        var after = await GrantAsync();

        await Poll.UntilAsync(() => Seen(received, [.. whileAway, after]), "the grants made while the node was away, and after, arrive");
        await stop.CancelAsync();
        await watching;
        lock (received)
        {
            var ids = received.Select(e => e.Event.ConsentGranted.Consent.ConsentId).ToList();
            Assert.Equal([.. before, .. whileAway, after], ids);
            Assert.Equal(received[^1].Cursor, watcher.Cursor);
        }
    }

    private static bool Seen(List<DeliveredEvent> received, IEnumerable<string> consents)
    {
        lock (received)
        {
            return consents.All(consent => received.Any(e => e.Event.ConsentGranted?.Consent.ConsentId == consent));
        }
    }

    private static Dictionary<string, string> Settings(RabbitMqNode broker) =>
        new(EventSettings.Concat(broker.HubEnvironment));

    private async Task<Grpc.Net.Client.GrpcChannel> AtNodeAsync(HubProcess node, TestAgency agency) =>
        BearerToken.Channel(node.GrpcAddress, await _nodeA.TokenAsync(agency.ClientId, agency.ClientSecret));

    /// <summary>Waits until the relay lock is held by a node whose sessions the condition accepts, and names it.</summary>
    private async Task<string> RelayHolderAsync(Func<string?, bool> accept)
    {
        string? holder = null;
        await Poll.UntilAsync(async () =>
        {
            holder = await _nodeA.Database.ScalarAsync<string>($"""
                SELECT coalesce((SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted
                          AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('{OutboxRelay.LockKey}', 0)), '')
                """);
            return accept(holder);
        }, "the relay is taken by the expected node");
        return holder!;
    }

    private async Task<string> GrantAsync() =>
        (await _cast.Welfare.Channel.Consents().GrantConsentAsync(Grant(_cast.PersonId, _cast.Employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent.ConsentId;

    private Task RevokeAsync(string consent) =>
        _cast.Welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent, Reason = "at the person's request" }).ResponseAsync;
}
