using System.Threading.Channels;
using Hub.Storage;
using Npgsql;

namespace Hub.Audit;

/// <summary>
/// Group commit for disclosure records (A1): concurrent reads hand their audit entries here, one loop
/// per node appends everything waiting in one transaction, and each read learns its record id only
/// once that transaction has committed — so no answer ever leaves before its record, and a failed
/// write fails every read that waited on it. One commit then serves many reads instead of one each,
/// and while this node is the only one appending it takes a single round trip to PostgreSQL. A read
/// whose call ended (its deadline passed, its client went away) before its batch was written is
/// dropped from the batch: no record of a disclosure that never happens. Once written, a record
/// stays, whether or not its answer still reaches the client.
/// </summary>
internal sealed class AuditAppender(NpgsqlDataSource database, AuditTrail trail, ILogger<AuditAppender> logger) : BackgroundService
{
    /// <summary>Enough to amortise a commit over many reads, small enough that one batch stays a short transaction.</summary>
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The chain's head after this node's last append, used only by the appending loop.</summary>
    private ChainHead? _head;

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

        var pending = new Pending(entry, new TaskCompletionSource<AccessRecordId>(TaskCreationOptions.RunContinuationsAsynchronously), callEnded);
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Committed.SetException(new InvalidOperationException("The hub is shutting down; the audit trail takes no more records."));
        }

        return pending.Committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        // Stop taking records on shutdown, but commit every one already handed in: a waiting read is owed an answer.
        stoppingToken.Register(() => _queue.Writer.TryComplete());
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                if (pending.CallEnded.IsCancellationRequested)
                {
                    pending.Committed.TrySetCanceled(pending.CallEnded);
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
            var entries = batch.ConvertAll(pending => pending.Entry);
            // Usually this node appended last, and one round trip both writes and commits the batch.
            var appended = _head is { } head ? await trail.TryAppendAfterAsync(connection, head, entries, CancellationToken.None) : null;
            if (appended is null)
            {
                // The first batch, or another node (or a consent change) appended since: wait for the head's lock.
                await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
                appended = await trail.AppendAsync(connection, transaction, entries, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            _head = appended.Head;
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Committed.SetResult(appended.Ids[i]);
            }
        }
        catch (Exception exception)
        {
            // Whatever went wrong, every waiting read must hear of it, or it would wait forever; and
            // the loop must live on for the reads after them, reading the head anew. An unreachable
            // database is the health monitor's to report, once, not every batch's.
            if (DatabaseFailure.IsUnavailable(exception))
            {
                logger.AuditAppendDeferred(batch.Count, exception.Message);
            }
            else
            {
                logger.AuditAppendFailed(batch.Count, exception);
            }

            foreach (var pending in batch)
            {
                pending.Committed.SetException(exception);
            }

            _head = null;
        }
    }

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource<AccessRecordId> Committed, CancellationToken CallEnded);
}
