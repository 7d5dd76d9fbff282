using Hub.Events;

namespace Hub.Tests.Events;

/// <summary>
/// The relay's floor moves past a seq only once every writer that could still commit at or below
/// it has ended. The end-to-end case, on PostgreSQL, is EventServiceTests' event whose transaction
/// commits after later ones.
/// </summary>
public sealed class SequencingFloorTests
{
    [Fact]
    public void The_floor_takes_a_read_seq_once_every_transaction_older_than_the_next_statement_has_ended()
    {
        var floor = new SequencingFloor();
        // Statement 1 reads seq 40; statement 2 is transaction 105, so every writer at or below 40 is below it.
        floor.Observe(new SequencingStatement(SnapshotXmin: 95, TransactionId: 98, DrawnThrough: 40, CutShort: false));
        floor.Observe(new SequencingStatement(SnapshotXmin: 100, TransactionId: 105, DrawnThrough: 55, CutShort: false));
        Assert.Equal(0, floor.Seq);

        // Transaction 104 still runs: it may hold a seq at most 40 not yet committed.
        floor.Observe(new SequencingStatement(SnapshotXmin: 104, TransactionId: 110, DrawnThrough: 60, CutShort: false));
        Assert.Equal(0, floor.Seq);

        floor.Observe(new SequencingStatement(SnapshotXmin: 105, TransactionId: 112, DrawnThrough: 70, CutShort: false));
        Assert.Equal(40, floor.Seq);
    }

    [Fact]
    public void A_statement_that_stopped_at_the_batch_size_does_not_move_the_floor()
    {
        var floor = new SequencingFloor();
        floor.Observe(new SequencingStatement(90, 100, DrawnThrough: 500, CutShort: false));
        floor.Observe(new SequencingStatement(100, 101, DrawnThrough: 900, CutShort: false));
        // Every writer has ended, but events above the floor were left for the next batch.
        floor.Observe(new SequencingStatement(120, 121, DrawnThrough: 900, CutShort: true));
        Assert.Equal(0, floor.Seq);

        floor.Observe(new SequencingStatement(121, 122, DrawnThrough: 900, CutShort: false));
        Assert.Equal(500, floor.Seq);
    }

    [Fact]
    public void After_a_move_the_floor_follows_the_seq_read_before_the_next_statement()
    {
        var floor = new SequencingFloor();
        floor.Observe(new SequencingStatement(10, 11, DrawnThrough: 5, CutShort: false));
        floor.Observe(new SequencingStatement(11, 12, DrawnThrough: 8, CutShort: false));
        floor.Observe(new SequencingStatement(12, 13, DrawnThrough: 9, CutShort: false));
        Assert.Equal(5, floor.Seq);

        // The next candidate is seq 8 against transaction 13, not the seq 9 read in the same statement.
        floor.Observe(new SequencingStatement(13, 14, DrawnThrough: 9, CutShort: false));
        Assert.Equal(8, floor.Seq);
    }
}
