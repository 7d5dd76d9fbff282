-- Consents, the hash-chained audit trail and the outbox of events (issue 4).

-- A consent as recorded (C1, C2). A row is never deleted, and the only change it ever takes is its
-- revocation (C3: revocation can't be undone); the triggers below hold that for every writer.
CREATE TABLE consent (
    consent_id text PRIMARY KEY,
    person_id text NOT NULL REFERENCES person,
    recipient_agency_id text NOT NULL REFERENCES agency,
    purpose smallint NOT NULL CHECK (purpose BETWEEN 1 AND 6),
    categories smallint[] NOT NULL CHECK (cardinality(categories) > 0),
    sensitive_acknowledged smallint[] NOT NULL,
    source_agency_ids text[] NOT NULL,
    valid_from timestamptz NOT NULL,
    expires_at timestamptz NOT NULL CHECK (expires_at > valid_from),
    granted_by smallint NOT NULL CHECK (granted_by BETWEEN 1 AND 3),
    collection_method smallint NOT NULL CHECK (collection_method BETWEEN 1 AND 3),
    evidence_reference text,
    recorded_by_agency_id text NOT NULL REFERENCES agency,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_by_agency_id text REFERENCES agency,
    revocation_reason text,
    CHECK ((revoked_at IS NULL) = (revoked_by_agency_id IS NULL)),
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
-- A decision reads one recipient's consents for one person; lists page by person or by recipient.
CREATE INDEX consent_person_recipient ON consent (person_id, recipient_agency_id);
CREATE INDEX consent_person_created ON consent (person_id, created_at DESC, consent_id DESC);
CREATE INDEX consent_recipient_created ON consent (recipient_agency_id, created_at DESC, consent_id DESC);

CREATE FUNCTION consent_only_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'consent % can''t be deleted: consents are kept with their history', OLD.consent_id;
    END IF;
    IF OLD.revoked_at IS NOT NULL
        OR (NEW.consent_id, NEW.person_id, NEW.recipient_agency_id, NEW.purpose, NEW.categories, NEW.sensitive_acknowledged,
            NEW.source_agency_ids, NEW.valid_from, NEW.expires_at, NEW.granted_by, NEW.collection_method,
            NEW.evidence_reference, NEW.recorded_by_agency_id, NEW.created_at)
           IS DISTINCT FROM
           (OLD.consent_id, OLD.person_id, OLD.recipient_agency_id, OLD.purpose, OLD.categories, OLD.sensitive_acknowledged,
            OLD.source_agency_ids, OLD.valid_from, OLD.expires_at, OLD.granted_by, OLD.collection_method,
            OLD.evidence_reference, OLD.recorded_by_agency_id, OLD.created_at) THEN
        RAISE EXCEPTION 'consent % can only be revoked, once', OLD.consent_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER consent_only_revocation BEFORE UPDATE OR DELETE ON consent
    FOR EACH ROW EXECUTE FUNCTION consent_only_revocation();
CREATE FUNCTION consent_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consents can''t be deleted: they are kept with their history';
END $$;
-- Row triggers don't see TRUNCATE.
CREATE TRIGGER consent_kept BEFORE TRUNCATE ON consent EXECUTE FUNCTION consent_kept();

-- The audit trail (A1–A3): one linear chain over every hub node. seq numbers the records without
-- gaps; hash is SHA-256 over the record's canonical content and prev_hash, the hash of the record
-- before it (32 zero bytes for the first).
CREATE TABLE audit_record (
    seq bigint PRIMARY KEY CHECK (seq > 0),
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
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL
);
CREATE INDEX audit_record_person ON audit_record (person_id, seq);

-- The end of the chain. Appenders lock this row, so records are chained one after another even when
-- several nodes append at once; it also lets verification notice records cut off the end.
CREATE TABLE audit_chain_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO audit_chain_head (seq, hash) VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record EXECUTE FUNCTION audit_record_append_only();

-- Events for partner agencies, written in the transaction of the change they report and delivered
-- later; audience lists the agencies each event concerns.
CREATE TABLE outbox_event (
    seq bigserial PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    event_type text NOT NULL,
    person_id text,
    audience text[] NOT NULL,
    payload bytea NOT NULL,
    created_at timestamptz NOT NULL,
    dispatched_at timestamptz
);
CREATE INDEX outbox_event_undispatched ON outbox_event (seq) WHERE dispatched_at IS NULL;
