namespace Hub.Events;

/// <summary>
/// The seq at and below which every event has its cursor, as the relay learns it from its own
/// sequencing statements: the relay looks for events without a cursor only above it, so the dead
/// index entries of the events it numbered before cost nothing.
/// </summary>
/// <remarks>
/// A seq is taken when the event is inserted, and its transaction may commit long after later seqs
/// have their cursors. What makes a seq safe to pass: a writer holds a transaction id before it
/// draws a seq (migration 0014), and transaction ids are given in order: a writer that had drawn a
/// seq at most <c>L</c> when one statement read <c>L</c> has a lower transaction id than any
/// statement after it, the relay's next one included. (A snapshot's xmax will not do as that bound:
/// it is one past the last transaction to end, and a writer may hold a higher id still running.)
/// Once a still later statement's snapshot has an xmin at or past that next statement's id, every
/// such writer has ended: its event is visible to that statement, which gives it a cursor if its
/// scan was not cut short by the batch size — and then no event at or below <c>L</c> is left without
/// one.
/// </remarks>
internal sealed class SequencingFloor
{
    private long? _drawnBefore;
    private (long DrawnThrough, long WritersBelow)? _candidate;

    /// <summary>Every event with a seq at most this has its cursor; 0 until the relay has learnt more.</summary>
    public long Seq { get; private set; }

    /// <summary>Takes in what a sequencing statement saw: its snapshot, the last seq drawn when it ran, and whether it numbered every event it found.</summary>
    public void Observe(SequencingStatement statement)
    {
        if (_candidate is { } candidate && statement.SnapshotXmin >= candidate.WritersBelow && !statement.CutShort)
        {
            Seq = Math.Max(Seq, candidate.DrawnThrough);
            _candidate = null;
        }

        // The seq the previous statement read was read before this statement took its transaction id.
        if (_candidate is null && _drawnBefore is { } drawn)
        {
            _candidate = (drawn, statement.TransactionId);
        }

        _drawnBefore = statement.DrawnThrough;
    }
}

/// <summary>
/// What one sequencing statement saw: its snapshot's xmin (every transaction below it has ended),
/// its own transaction id, the last seq drawn when it ran, and whether it stopped at the batch size
/// with events still to number.
/// </summary>
internal readonly record struct SequencingStatement(long SnapshotXmin, long TransactionId, long DrawnThrough, bool CutShort);
