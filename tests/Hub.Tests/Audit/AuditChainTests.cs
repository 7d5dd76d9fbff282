using Grpc.Net.Client;
using Hub.Audit;
using Hub.Client;
using Hub.Consent.Identifiers;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Hub.Tests.Infrastructure.ConsentRequests;
using CategorySet = Hub.Consent.CategorySet;

namespace Hub.Tests.Audit;

/// <summary>
/// A3 on a hub of its own (the chain is shared by the whole database, so tampering must not touch the
/// shared hub): the trail is append-only for the hub's writers, and VerifyAuditChain finds records
/// altered, removed or cut off the end by someone who went around that, directly in PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditChainTests(PostgresFixture postgres) : IAsyncLifetime
{
    private HubServer _hub = null!;
    private GrpcChannel _operator = null!;
    private List<string> _recordIds = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(postgres);
        _operator = await _hub.AdminAsync();
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var person = (await welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1985-05-05" })).Person.PersonId;
        for (var i = 0; i < 3; i++)
        {
            var consent = (await welfare.Channel.Consents().GrantConsentAsync(Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent;
            await welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent.ConsentId, Reason = "withdrawn" });
        }

        var records = await welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = person });
        _recordIds = [.. records.Records.Select(record => record.RecordId)];
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task An_untouched_chain_is_intact()
    {
        var report = await VerifyAsync();

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(6, report.VerifiedCount);
        Assert.Empty(report.FirstBrokenRecordId);
    }

    [Theory]
    [InlineData("UPDATE audit_record SET purpose = 3 WHERE seq = 3")]
    [InlineData("UPDATE audit_record SET categories = '{2,10}' WHERE seq = 3")]
    [InlineData("UPDATE audit_record SET accessor_agency_id = 'ag_aaaaaaaaaaaaaaaaaaaaaaaaaa' WHERE seq = 3")]
    [InlineData("UPDATE audit_record SET occurred_at = occurred_at - interval '1 day' WHERE seq = 3")]
    [InlineData("UPDATE audit_record SET hash = sha256('forged') WHERE seq = 3")]
    public async Task An_altered_record_is_the_first_broken_one(string tampering)
    {
        await TamperAsync(tampering);

        var report = await VerifyAsync();

        Assert.False(report.Intact);
        Assert.Equal(_recordIds[2], report.FirstBrokenRecordId);
        Assert.Equal(2, report.VerifiedCount);
    }

    [Fact]
    public async Task A_record_rewritten_with_a_fresh_hash_is_found_by_its_successor()
    {
        // A forger who knows the layout recomputes the altered record's hash; the next record still
        // holds the hash the original had, so the chain breaks at the forged record all the same.
        var forged = await ReadRecordAsync(3) with { Purpose = (short)Purpose.Treatment };
        var previousHash = await _hub.Database.ScalarAsync<byte[]>("SELECT prev_hash FROM audit_record WHERE seq = 3");
        await TamperAsync("UPDATE audit_record SET purpose = 3, hash = $1 WHERE seq = 3", forged.Hash(previousHash));

        var report = await VerifyAsync();

        Assert.False(report.Intact);
        Assert.Equal(_recordIds[2], report.FirstBrokenRecordId);
        Assert.Contains("rewritten", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_record_breaks_the_chain_at_the_next_one()
    {
        await TamperAsync("DELETE FROM audit_record WHERE seq = 4");

        var report = await VerifyAsync();

        Assert.False(report.Intact);
        Assert.Equal(_recordIds[4], report.FirstBrokenRecordId);
        Assert.Contains("missing", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_cut_off_the_end_are_noticed()
    {
        await TamperAsync("DELETE FROM audit_record WHERE seq >= 5");

        var report = await VerifyAsync();

        Assert.False(report.Intact);
        Assert.Equal(4, report.VerifiedCount);
        Assert.Equal(_recordIds[3], report.FirstBrokenRecordId);
        Assert.Contains("removed from the end", report.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE audit_record SET purpose = 3 WHERE seq = 1")]
    [InlineData("DELETE FROM audit_record WHERE seq = 1")]
    [InlineData("TRUNCATE audit_record")]
    public async Task The_hub_database_refuses_changes_to_the_trail(string change)
    {
        await using var dataSource = _hub.Database.NewDataSource();
        await using var command = dataSource.CreateCommand(change);

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refusal.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_appending_at_once_form_one_unbroken_chain()
    {
        // Two data sources stand for two hub nodes on one database; each appends from many tasks at once.
        await using var nodeA = await Node.StartAsync(_hub);
        await using var nodeB = await Node.StartAsync(_hub);
        var entry = new AuditEntry
        {
            Person = OpaqueId.New<PersonId>(),
            Accessor = OpaqueId.New<AgencyId>(),
            Action = AuditAction.DataDisclosed,
            Purpose = Hub.Consent.Purpose.CareCoordination,
            Categories = CategorySet.Of([Hub.Consent.DataCategory.SupportPlan]),
        };
        var appends = Enumerable.Range(0, 40).Select(i => AppendAsync(i % 2 == 0 ? nodeA : nodeB, entry, i % 3 + 1));

        await Task.WhenAll(appends);
        var report = await VerifyAsync();

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(6 + Enumerable.Range(0, 40).Sum(i => i % 3 + 1), report.VerifiedCount);
    }

    [Fact]
    public async Task Group_commits_of_two_nodes_and_changes_between_them_form_one_unbroken_chain()
    {
        // Two appenders (two nodes' group commits, each chaining onto the head it last wrote) and
        // transactional appends (consent changes) moving the head under them: first in turns — node A
        // twice, then B, so a node finds the head where it left it, or moved by the other — then all at once.
        await using var nodeA = await Node.StartAsync(_hub);
        await using var nodeB = await Node.StartAsync(_hub);
        var appenders = new[] { nodeA.Appender, nodeB.Appender };

        var handedIn = new List<(AuditEntry Entry, AccessRecordId Id)>();
        async Task AppendRoundAsync(IEnumerable<AuditAppender> to, int changes)
        {
            var entries = to.SelectMany(appender => Enumerable.Range(0, 10).Select(_ => (Appender: appender, Entry: Entry(Hub.Consent.Purpose.CareCoordination)))).ToList();
            var ids = entries.Select(pending => Task.Run(() => pending.Appender.AppendAsync(pending.Entry, CancellationToken.None))).ToList();
            await Task.WhenAll(Enumerable.Range(0, changes).Select(i => Task.Run(() => AppendAsync(i % 2 == 0 ? nodeA : nodeB, Entry(Hub.Consent.Purpose.EmploymentSupport), 1))));
            handedIn.AddRange(entries.Zip(await Task.WhenAll(ids), (pending, id) => (pending.Entry, id)));
        }

        for (var round = 0; round < 12; round++)
        {
            await AppendRoundAsync([appenders[round % 3 == 2 ? 1 : 0]], changes: round % 4 == 3 ? 1 : 0);
        }

        await AppendRoundAsync([.. Enumerable.Repeat(appenders, 10).SelectMany(pair => pair)], changes: 20);
        foreach (var appender in appenders)
        {
            await appender.StopAsync(CancellationToken.None);
        }

        var report = await VerifyAsync();

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(6 + (12 * 10) + 3 + 200 + 20, report.VerifiedCount);
        // Every acknowledged record is there, as the entry it was handed in for.
        foreach (var (entry, id) in handedIn.Where((_, i) => i % 7 == 0))
        {
            Assert.Equal(entry.Person.Value, (await ReadRecordAsync(id)).PersonId);
        }
    }

    [Fact]
    public async Task More_changes_at_once_than_the_pool_has_connections_all_commit_and_are_all_on_the_chain()
    {
        // Each change holds a pooled connection while it waits for its records to be chained: the
        // writer that chains them must not need one of those connections.
        var welfare = await _hub.RegisterAgencyAsync("Welfare Office", AgencyKind.Welfare);
        var employment = await _hub.RegisterAgencyAsync("Employment Centre", AgencyKind.Employment);
        var person = (await welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-01-01" })).Person.PersonId;
        var consents = welfare.Channel.Consents();

        var grants = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => consents.GrantConsentAsync(
            Grant(person, employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus),
            deadline: DateTime.UtcNow.AddSeconds(60)).ResponseAsync));
        var records = await welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = person, PageSize = 100 });
        var report = await VerifyAsync();

        Assert.Equal(64, grants.Select(grant => grant.Consent.ConsentId).Distinct().Count());
        Assert.Equal(64, records.Records.Count(record => record.Action == AuditAction.ConsentGranted));
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(0L, await PendingCountAsync());
    }

    [Fact]
    public async Task An_append_chained_onto_a_head_that_moved_writes_nothing()
    {
        await using var node = _hub.Database.NewDataSource();
        await using var connection = await node.OpenConnectionAsync();
        ChainHead head;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            head = await AuditChain.ReadHeadAsync(connection, transaction, forUpdate: false, CancellationToken.None);
        }

        var moved = await AuditChain.TryAppendAsync(connection, null, head, [Draft(Hub.Consent.Purpose.CareCoordination)], CancellationToken.None);
        var stale = await AuditChain.TryAppendAsync(connection, null, head, [Draft(Hub.Consent.Purpose.EmploymentSupport), Draft(Hub.Consent.Purpose.EmploymentSupport)], CancellationToken.None);
        var report = await VerifyAsync();

        Assert.NotNull(moved);
        Assert.Equal(head.Seq + 1, moved.Value.Seq);
        Assert.Null(stale);
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(head.Seq + 1, report.VerifiedCount);
    }

    [Fact]
    public async Task A_change_under_way_holds_up_no_other_record_and_its_records_follow_its_commit()
    {
        await using var node = await Node.StartAsync(_hub);
        await using var connection = await node.Source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        using var audited = node.Trail.Follow(transaction);
        var change = await node.Trail.AppendAsync(connection, transaction, [Entry(Hub.Consent.Purpose.CareCoordination)], CancellationToken.None);

        // The change's transaction is still open: a read's record and another node's change go on the chain meanwhile.
        var read = await node.Appender.AppendAsync(Entry(Hub.Consent.Purpose.EmploymentSupport), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await using var other = await Node.StartAsync(_hub);
        await AppendAsync(other, Entry(Hub.Consent.Purpose.EmploymentSupport), 2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(9, (await VerifyAsync()).VerifiedCount);

        await audited.CommitAsync(CancellationToken.None);
        var report = await VerifyAsync();

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(10, report.VerifiedCount);
        Assert.True((await ReadRecordAsync(change.Ids[0])).Seq > (await ReadRecordAsync(read)).Seq);
        Assert.Equal(0L, await PendingCountAsync());
    }

    [Fact]
    public async Task A_change_rolled_back_leaves_no_record()
    {
        await using var node = await Node.StartAsync(_hub);
        await using (var connection = await node.Source.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            using var audited = node.Trail.Follow(transaction);
            await node.Trail.AppendAsync(connection, transaction, [Entry(Hub.Consent.Purpose.CareCoordination)], CancellationToken.None);
        }

        await node.Appender.AppendAsync(Entry(Hub.Consent.Purpose.EmploymentSupport), CancellationToken.None);
        var report = await VerifyAsync();

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(7, report.VerifiedCount);
        Assert.Equal(0L, await PendingCountAsync());
    }

    [Fact]
    public async Task Records_a_stopped_node_left_pending_are_chained_by_the_next_sweep()
    {
        // A node that committed a change and stopped before chaining its records, a minute ago.
        var minuteAgo = new FixedClock(DateTimeOffset.UtcNow.AddMinutes(-1));
        AppendedRecords left;
        await using (var stopped = _hub.Database.NewDataSource())
        {
            var trail = new AuditTrail(stopped, new AuditAppender(stopped, minuteAgo, NullLogger<AuditAppender>.Instance), minuteAgo);
            await using var connection = await stopped.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            using var audited = trail.Follow(transaction);
            left = await trail.AppendAsync(connection, transaction, [Entry(Hub.Consent.Purpose.CareCoordination), Entry(Hub.Consent.Purpose.Emergency)], CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(2L, await PendingCountAsync());

        // Any node's appender sweeps as it starts.
        await using var node = await Node.StartAsync(_hub);
        for (var waited = 0; await PendingCountAsync() > 0 && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        var report = await VerifyAsync();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(8, report.VerifiedCount);
        var first = await ReadRecordAsync(left.Ids[0]);
        Assert.Equal(first.Seq + 1, (await ReadRecordAsync(left.Ids[1])).Seq);
        Assert.Equal(ChainedRecord.ToMicroseconds(left.OccurredAt), first.OccurredAtMicroseconds);
    }

    private static AuditEntry Entry(Hub.Consent.Purpose purpose) => new()
    {
        Person = OpaqueId.New<PersonId>(),
        Accessor = OpaqueId.New<AgencyId>(),
        Action = AuditAction.DataDisclosed,
        Purpose = purpose,
        Categories = CategorySet.Of([Hub.Consent.DataCategory.SupportPlan, Hub.Consent.DataCategory.CrisisPlan]),
        ConsentIds = [OpaqueId.New<ConsentId>()],
        AuthorAgencies = [OpaqueId.New<AgencyId>(), OpaqueId.New<AgencyId>()],
    };

    private static ChainedRecord Draft(Hub.Consent.Purpose purpose) => AuditTrail.Draft(OpaqueId.New<AccessRecordId>(), Entry(purpose), ChainedRecord.ToMicroseconds(DateTime.UtcNow));

    /// <summary>A change on <paramref name="node"/> writing <paramref name="count"/> records, chained once it commits.</summary>
    private static async Task AppendAsync(Node node, AuditEntry entry, int count)
    {
        await using var connection = await node.Source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        using var audited = node.Trail.Follow(transaction);
        await node.Trail.AppendAsync(connection, transaction, [.. Enumerable.Repeat(entry, count)], CancellationToken.None);
        await audited.CommitAsync(CancellationToken.None);
    }

    private Task<long> PendingCountAsync() => _hub.Database.ScalarAsync<long>("SELECT count(*) FROM audit_pending");

    /// <summary>A hub node's audit writers on a data source of its own.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private Node(NpgsqlDataSource source)
        {
            Source = source;
            Appender = new AuditAppender(source, TimeProvider.System, NullLogger<AuditAppender>.Instance);
            Trail = new AuditTrail(source, Appender, TimeProvider.System);
        }

        public NpgsqlDataSource Source { get; }

        public AuditAppender Appender { get; }

        public AuditTrail Trail { get; }

        public static async Task<Node> StartAsync(HubServer hub)
        {
            var node = new Node(hub.Database.NewDataSource());
            await node.Appender.StartAsync(CancellationToken.None);
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            await Appender.StopAsync(CancellationToken.None);
            Appender.Dispose();
            await Source.DisposeAsync();
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private Task<VerifyAuditChainResponse> VerifyAsync() => _operator.Audit().VerifyAuditChainAsync(new VerifyAuditChainRequest()).ResponseAsync;

    private Task<ChainedRecord> ReadRecordAsync(long seq) => ReadRecordAsync("seq", seq);

    private Task<ChainedRecord> ReadRecordAsync(AccessRecordId id) => ReadRecordAsync("record_id", id.Value);

    private async Task<ChainedRecord> ReadRecordAsync(string column, object value)
    {
        await using var dataSource = _hub.Database.NewDataSource();
        await using var command = dataSource.CreateCommand($"SELECT {AuditTrail.Columns} FROM audit_record WHERE {column} = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return AuditTrail.Read(reader);
    }

    /// <summary>Changes the trail as someone with the database owner's rights could, with the append-only trigger switched off.</summary>
    private async Task TamperAsync(string sql, params object[] parameters)
    {
        await using var dataSource = _hub.Database.NewDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var disable = new NpgsqlCommand("ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only", connection, transaction))
        {
            await disable.ExecuteNonQueryAsync();
        }

        await using (var tamper = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var parameter in parameters)
            {
                tamper.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            await tamper.ExecuteNonQueryAsync();
        }

        await using (var enable = new NpgsqlCommand("ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only", connection, transaction))
        {
            await enable.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
