namespace Hub.Events;

/// <summary>
/// The seq at and below which every event has its cursor, as the relay learns it from its own
/// sequencing statements: the relay looks for events without a cursor only above it, so the dead
/// index entries of the events it numbered before cost nothing.
/// </summary>
/// <remarks>
/// A seq is taken when the event is inserted, and its transaction may commit long after later seqs
/// have their cursors. What makes a seq safe to pass: a writer holds a transaction id before it
/// draws a seq (migration 0014), so a writer that had drawn a seq at most <c>L</c> when one
/// statement read <c>L</c> is, in the snapshot of any later statement, committed or listed as
/// running (below that snapshot's xmax). Once a still later statement's snapshot has an xmin at or
/// past that xmax, every such writer has ended: its event is visible to that statement, which gives
/// it a cursor if its scan was not cut short by the batch size — and then no event at or below
/// <c>L</c> is left without one.
/// </remarks>
internal sealed class SequencingFloor
{
    private long? _drawnBefore;
    private (long DrawnThrough, long AllRunningBelow)? _candidate;

    /// <summary>Every event with a seq at most this has its cursor; 0 until the relay has learnt more.</summary>
    public long Seq { get; private set; }

    /// <summary>Takes in what a sequencing statement saw: its snapshot, the last seq drawn when it ran, and whether it numbered every event it found.</summary>
    public void Observe(SequencingStatement statement)
    {
        if (_candidate is { } candidate && statement.SnapshotXmin >= candidate.AllRunningBelow && !statement.CutShort)
        {
            Seq = Math.Max(Seq, candidate.DrawnThrough);
            _candidate = null;
        }

        // The seq the previous statement read was read before this statement's snapshot was taken.
        if (_candidate is null && _drawnBefore is { } drawn)
        {
            _candidate = (drawn, statement.SnapshotXmax);
        }

        _drawnBefore = statement.DrawnThrough;
    }
}

/// <summary>
/// What one sequencing statement saw: its snapshot's xmin (the oldest transaction still running)
/// and xmax (the first not yet begun), the last seq drawn when it ran, and whether it stopped at
/// the batch size with events still to number.
/// </summary>
internal readonly record struct SequencingStatement(long SnapshotXmin, long SnapshotXmax, long DrawnThrough, bool CutShort);
