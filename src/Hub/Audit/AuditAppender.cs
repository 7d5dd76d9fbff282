using System.Threading.Channels;
using Hub.Consent.Identifiers;
using Hub.Storage;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// The node's one writer of the audit chain, committing in groups. Concurrent reads hand it their
/// disclosure records (A1), and each read learns its record id only once the batch has committed —
/// so no answer ever leaves before its record, and a failed write fails every read that waited on
/// it. Committed changes hand it the ids of the records they wrote to <c>audit_pending</c>, which it
/// moves onto the chain in the same batches. One commit then serves many calls instead of one each,
/// and a batch of reads alone, while this node is the only one appending, takes a single round trip.
/// A read whose call ended (its deadline passed, its client went away) before its batch was written
/// is dropped from the batch: no record of a disclosure that never happens. Once written, a record
/// stays, whether or not its answer still reaches the client. Every <see cref="SweepInterval"/> it
/// also chains records left pending longer than <see cref="OrphanAge"/>: a node stopped between a
/// change's commit and its chaining leaves them, and any node picks them up.
/// </summary>
internal sealed class AuditAppender(NpgsqlDataSource database, TimeProvider clock, ILogger<AuditAppender> logger) : BackgroundService
{
    /// <summary>Enough to amortise a commit over many calls, small enough that one batch stays a short transaction.</summary>
    private const int MaxBatch = 512;

    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    /// <summary>Far longer than any change takes from its commit to its chaining on a live node.</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromSeconds(30);

    /// <summary>The pending records named, taken off audit_pending; those another node's sweep took meanwhile are not returned.</summary>
    private const string TakePending = $"DELETE FROM audit_pending WHERE record_id = ANY ($1) RETURNING pending_seq, {AuditTrail.ContentColumns}";

    /// <summary>Pending records older than $1, taken off audit_pending, skipping any a writer holds.</summary>
    private const string TakeOrphans = $"""
        DELETE FROM audit_pending WHERE pending_seq IN (
            SELECT pending_seq FROM audit_pending WHERE occurred_at < $1 ORDER BY pending_seq LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING pending_seq, {AuditTrail.ContentColumns}
        """;

    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The chain's head after this node's last append, used only by the appending loop.</summary>
    private ChainHead? _head;

    /// <summary>
    /// The writer's own session, kept between batches and opened anew after a failure. Not from the
    /// hub's pool: a change waits for its records to be chained while its transaction still holds a
    /// pooled connection, so with every pooled connection held that way the writer could never get one.
    /// </summary>
    private NpgsqlConnection? _connection;

    /// <summary>
    /// Completes with the record's id once it is committed; faults if it could not be; is cancelled,
    /// without a record, if <paramref name="callEnded"/> fires before the record's batch is written.
    /// </summary>
    public Task<AccessRecordId> AppendAsync(AuditEntry entry, CancellationToken callEnded)
    {
        if (callEnded.IsCancellationRequested)
        {
            return Task.FromCanceled<AccessRecordId>(callEnded);
        }

        var disclosure = new Disclosure(entry, new TaskCompletionSource<AccessRecordId>(TaskCreationOptions.RunContinuationsAsynchronously), callEnded);
        if (!_queue.Writer.TryWrite(disclosure))
        {
            disclosure.Committed.SetException(ShuttingDown());
        }

        return disclosure.Committed.Task;
    }

    /// <summary>
    /// Chains the pending records of a change that has committed; completes once they are on the
    /// chain (or were taken there by another node's sweep), faults if the batch could not be written.
    /// </summary>
    public Task ChainCommittedAsync(IReadOnlyList<AccessRecordId> ids)
    {
        var change = new CommittedChange([.. ids.Select(id => id.Value)], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(change))
        {
            change.Chained.SetException(ShuttingDown());
        }

        return change.Chained.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stop taking records on shutdown, but commit every one already handed in: a waiting call is owed an answer.
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        var sweeps = SweepPeriodicallyAsync(stoppingToken);
        var batch = new List<Request>();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var size = 0;
            while (size < MaxBatch && _queue.Reader.TryRead(out var request))
            {
                if (request is Disclosure { CallEnded.IsCancellationRequested: true } ended)
                {
                    ended.Committed.TrySetCanceled(ended.CallEnded);
                    continue;
                }

                batch.Add(request);
                size += request.Size;
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }

        await sweeps;
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task SweepPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            do
            {
                _queue.Writer.TryWrite(new Sweep());
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the records still pending are the next start's (or another node's) to chain.
        }
    }

    private async Task CommitAsync(List<Request> batch)
    {
        try
        {
            var occurredAt = ChainedRecord.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
            var disclosed = batch.OfType<Disclosure>().Select(disclosure => (disclosure, Record: AuditTrail.Draft(OpaqueId.New<AccessRecordId>(), disclosure.Entry, occurredAt))).ToList();
            var connection = _connection ??= await database.OpenConnectionAsync(CancellationToken.None);
            var committed = batch.OfType<CommittedChange>().SelectMany(change => change.Ids).ToArray();
            var sweep = batch.OfType<Sweep>().Any();
            if (committed.Length == 0 && !sweep)
            {
                // Reads alone: usually this node appended last, and one round trip both writes and commits the batch.
                var drafts = disclosed.ConvertAll(pair => pair.Record);
                var head = _head is { } known ? await AuditChain.TryAppendAsync(connection, null, known, drafts, CancellationToken.None) : null;
                if (head is null)
                {
                    // The first batch, or another node appended since: wait for the head's lock.
                    await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                    head = await AuditChain.AppendLockedAsync(connection, transaction, drafts, CancellationToken.None);
                    await transaction.CommitAsync(CancellationToken.None);
                }

                _head = head;
            }
            else
            {
                // Pending records leave audit_pending in the transaction that chains them.
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                var drafts = await TakeAsync(connection, transaction, committed, sweep ? clock.GetUtcNow() - OrphanAge : null);
                drafts.AddRange(disclosed.Select(pair => pair.Record));
                if (drafts.Count > 0)
                {
                    var head = (_head is { } known ? await AuditChain.TryAppendAsync(connection, transaction, known, drafts, CancellationToken.None) : null)
                        ?? await AuditChain.AppendLockedAsync(connection, transaction, drafts, CancellationToken.None);
                    await transaction.CommitAsync(CancellationToken.None);
                    _head = head;
                }
            }

            foreach (var (disclosure, record) in disclosed)
            {
                disclosure.Committed.SetResult(OpaqueId.Parse<AccessRecordId>(record.RecordId));
            }

            foreach (var change in batch.OfType<CommittedChange>())
            {
                change.Chained.SetResult();
            }
        }
        catch (Exception exception)
        {
            // Whatever went wrong, every waiting call must hear of it, or it would wait forever; and
            // the loop must live on for the calls after them, reading the head anew. An unreachable
            // database is the health monitor's to report, once, not every batch's.
            if (DatabaseFailure.IsUnavailable(exception))
            {
                logger.AuditAppendDeferred(batch.Sum(request => request.Size), exception.Message);
            }
            else
            {
                logger.AuditAppendFailed(batch.Sum(request => request.Size), exception);
            }

            foreach (var request in batch)
            {
                request.Fail(exception);
            }

            _head = null;
            if (_connection is { } broken)
            {
                _connection = null;
                await broken.DisposeAsync();
            }
        }
    }

    /// <summary>The pending records named, then (when <paramref name="orphanedBefore"/> is given) those left before it, in the order they were written.</summary>
    private static async Task<List<ChainedRecord>> TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, DateTimeOffset? orphanedBefore)
    {
        var taken = new List<ChainedRecord>();
        if (ids.Length > 0)
        {
            await using var named = connection.Command(TakePending, transaction).WithParameters((object)ids);
            taken.AddRange(await ReadPendingAsync(named));
        }

        if (orphanedBefore is { } before)
        {
            await using var orphans = connection.Command(TakeOrphans, transaction).WithParameters(before.UtcDateTime, MaxBatch);
            taken.AddRange(await ReadPendingAsync(orphans));
        }

        return taken;
    }

    /// <summary>The rows a take returns, as drafts in the order they were written (DELETE … RETURNING keeps none).</summary>
    private static async Task<IEnumerable<ChainedRecord>> ReadPendingAsync(NpgsqlCommand take)
    {
        await using var reader = await take.ExecuteReaderAsync(CancellationToken.None);
        var rows = new List<ChainedRecord>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            // pending_seq stands where seq does in AuditTrail.Columns: it orders the drafts, and the chain renumbers them.
            rows.Add(AuditTrail.Read(reader));
        }

        return rows.OrderBy(row => row.Seq);
    }

    private static InvalidOperationException ShuttingDown() => new("The hub is shutting down; the audit trail takes no more records.");

    private abstract record Request
    {
        /// <summary>How many records it brings to a batch.</summary>
        public abstract int Size { get; }

        public abstract void Fail(Exception exception);
    }

    private sealed record Disclosure(AuditEntry Entry, TaskCompletionSource<AccessRecordId> Committed, CancellationToken CallEnded) : Request
    {
        public override int Size => 1;

        public override void Fail(Exception exception) => Committed.SetException(exception);
    }

    private sealed record CommittedChange(string[] Ids, TaskCompletionSource Chained) : Request
    {
        public override int Size => Ids.Length;

        public override void Fail(Exception exception) => Chained.SetException(exception);
    }

    private sealed record Sweep : Request
    {
        public override int Size => MaxBatch;

        public override void Fail(Exception exception)
        {
            // Nobody waits on a sweep; the next one tries again.
        }
    }
}
