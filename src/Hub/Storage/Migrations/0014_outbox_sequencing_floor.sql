-- The relay looked for events without a cursor from the first seq on, every batch. A row it gave a
-- cursor leaves a dead entry in the indexes that find rows without one, and under a steady write
-- load vacuum (once a minute at best) left tens of thousands of them: the planner, expecting a few
-- hundred rows, chose a bitmap scan, which visits every dead row's page and never marks an entry
-- dead, and each batch cost thousands of pages. Now the relay asks only above a floor below which
-- every event has a cursor (OutboxRelay, SequencingFloor), and learns the floor from its own
-- statements' transaction ids and snapshots; for that, a writer must hold a transaction id before it
-- draws a seq.

-- A writer that drew seq s and took its transaction id only afterwards could get an id above the
-- relay's next statement's: the relay could move its floor past s while s is still to commit.
CREATE FUNCTION outbox_event_next_seq() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('outbox_event_seq_seq');
END
$$;
ALTER TABLE outbox_event ALTER COLUMN seq SET DEFAULT outbox_event_next_seq();

-- The unique index of cursors held every row without one too: the other index the planner chose to
-- find them by, and an entry written for each event before it had a cursor.
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_cursor_key;
CREATE UNIQUE INDEX outbox_event_cursor ON outbox_event (cursor) WHERE cursor IS NOT NULL;
