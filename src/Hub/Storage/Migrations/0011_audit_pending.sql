-- A change's audit records, written in the change's own transaction and chained onto the trail by
-- the node's appender just after that transaction commits. Change transactions then no longer lock
-- the chain's head from their first audit record to their commit, so they commit side by side
-- (and share WAL flushes) instead of one after another. A row lives here for milliseconds: the
-- appender deletes it in the transaction that appends it to audit_record, and rows a stopped node
-- left behind are chained by the next sweep of any node.
CREATE TABLE audit_pending (
    pending_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id text NOT NULL UNIQUE,
    occurred_at timestamptz NOT NULL,
    person_id text NOT NULL,
    accessor_agency_id text NOT NULL,
    action smallint NOT NULL,
    purpose smallint NOT NULL,
    categories smallint[] NOT NULL,
    consent_ids text[] NOT NULL,
    author_agency_ids text[] NOT NULL,
    break_glass boolean NOT NULL,
    justification text,
    meeting_id text,
    event_id text
);
CREATE INDEX audit_pending_occurred ON audit_pending (occurred_at);
