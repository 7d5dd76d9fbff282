using Npgsql;

namespace Hub.Audit;

/// <summary>
/// A change's transaction, followed by the audit trail (<see cref="AuditTrail.Follow"/>): commit it
/// through <see cref="CommitAsync"/>, and the records it wrote are chained before the change is
/// answered, so the person's access log shows them as soon as the caller hears of the change.
/// Dispose it with the transaction, committed or not.
/// </summary>
internal sealed class AuditedTransaction(NpgsqlTransaction transaction, AuditAppender appender, Action forget) : IDisposable
{
    private readonly List<AccessRecordId> _written = [];

    public void Wrote(IEnumerable<AccessRecordId> ids) => _written.AddRange(ids);

    /// <summary>
    /// Commits, then waits for the appender to chain the records. Their chaining can't undo the
    /// change: should it fail (the appender logs why), the records are committed all the same and
    /// the next sweep chains them.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        if (_written.Count == 0)
        {
            return;
        }

        try
        {
            await appender.ChainCommittedAsync(_written).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Logged by the appender; the records wait in audit_pending for the sweep.
        }
    }

    public void Dispose() => forget();
}
