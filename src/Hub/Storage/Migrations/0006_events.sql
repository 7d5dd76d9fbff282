-- Events delivered (issue 12, E1–E3): the outbox's rows get the cursor consumers resume from, in
-- the order the relay saw them committed; acknowledgments; the announcements made once by time.

-- seq is taken when a row is inserted, so two transactions can commit in the opposite order of their
-- seq: a consumer that had read past the later one would never see the earlier. The cursor is given
-- by the one relay that holds the relay lock, to committed rows only, from a counter it advances in
-- the same transaction: cursors are dense, never reused and ordered as they became visible.
ALTER TABLE outbox_event ADD COLUMN cursor bigint UNIQUE;
-- The EventKind of the row, for watches that ask for some kinds only.
ALTER TABLE outbox_event ADD COLUMN event_kind smallint;
UPDATE outbox_event SET event_kind = CASE event_type
    WHEN 'ConsentGranted' THEN 1 WHEN 'ConsentRevoked' THEN 2 WHEN 'BreakGlassAccess' THEN 3
    WHEN 'MeetingScheduled' THEN 4 WHEN 'MeetingRescheduled' THEN 5 WHEN 'MeetingCancelled' THEN 6
    WHEN 'ParticipantConsentWithdrawn' THEN 7 END;
ALTER TABLE outbox_event ALTER COLUMN event_kind SET NOT NULL;
CREATE INDEX outbox_event_unsequenced ON outbox_event (seq) WHERE cursor IS NULL;
CREATE INDEX outbox_event_sequenced_undispatched ON outbox_event (cursor) WHERE cursor IS NOT NULL AND dispatched_at IS NULL;
-- Replays read an agency's events in cursor order.
CREATE INDEX outbox_event_audience ON outbox_event USING gin (audience);
DROP INDEX outbox_event_undispatched;

CREATE TABLE event_cursor (
    -- One row: the last cursor given, and the last one removed by the retention cleanup (a cursor
    -- below it may have missed events that are gone).
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last_cursor bigint NOT NULL,
    removed_through bigint NOT NULL
);
INSERT INTO event_cursor (last_cursor, removed_through)
    SELECT 0, 0;

CREATE TABLE event_acknowledgment (
    event_id text NOT NULL REFERENCES outbox_event (event_id) ON DELETE CASCADE,
    agency_id text NOT NULL REFERENCES agency,
    acknowledged_at timestamptz NOT NULL,
    access_record_id text NOT NULL,
    PRIMARY KEY (event_id, agency_id)
);

-- The announcements made when a time passes, each once: by the node whose relay runs, and marked in
-- the transaction that writes the event, so no second node writes it again.
ALTER TABLE consent ADD COLUMN expiry_announced boolean NOT NULL DEFAULT false;
CREATE INDEX consent_expiry_unannounced ON consent (expires_at) WHERE NOT expiry_announced AND revoked_at IS NULL;
ALTER TABLE meeting ADD COLUMN review_due_announced boolean NOT NULL DEFAULT false;
CREATE INDEX meeting_review_unannounced ON meeting (next_review_date) WHERE status = 3 AND NOT review_due_announced;
ALTER TABLE meeting_action_item ADD COLUMN overdue_announced boolean NOT NULL DEFAULT false;
CREATE INDEX meeting_action_item_unannounced ON meeting_action_item (due_date) WHERE NOT overdue_announced;

-- E3: the audit record of an acknowledgment names the event.
ALTER TABLE audit_record ADD COLUMN event_id text;
