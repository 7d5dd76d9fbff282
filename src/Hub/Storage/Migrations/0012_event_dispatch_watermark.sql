-- The relay publishes in cursor order, so what is on the bus is one number: every event whose cursor
-- is at most dispatched_through. Marking each row instead rewrote it a second time after its cursor
-- was given, and a rewrite of a row whose indexed columns change enters it into every index of the
-- table again, the GIN audience index included: PostgreSQL work on every event for one boolean.
ALTER TABLE event_cursor ADD COLUMN dispatched_through bigint NOT NULL DEFAULT 0;
UPDATE event_cursor SET dispatched_through = coalesce(
    (SELECT min(cursor) - 1 FROM outbox_event WHERE cursor IS NOT NULL AND dispatched_at IS NULL), last_cursor);
DROP INDEX outbox_event_sequenced_undispatched;
ALTER TABLE outbox_event DROP COLUMN dispatched_at;
