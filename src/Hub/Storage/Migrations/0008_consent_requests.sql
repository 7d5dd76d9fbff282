-- Consent requests the person answers on their own page (C9), and a repair of 0007.

-- 0007 meant to replace the revoker check but dropped "consent_check", which PostgreSQL had given to
-- the expiry check (a check over two columns takes the table's name): the old revoker check
-- ("consent_check1", an agency on every revocation) still refused the person's own withdrawal.
ALTER TABLE consent DROP CONSTRAINT consent_check1;
ALTER TABLE consent ADD CONSTRAINT consent_expiry_after_start CHECK (expires_at > valid_from);

-- A consent an agency drafted for the person to approve or decline. Kept apart from consent rows on
-- purpose: every decision reads only the consent table, so a request can't permit anything, whatever
-- a query forgets. Approval writes the consent row under the same id (collection ELECTRONIC, the
-- person or their guardian as grantor); declining is final.
CREATE TABLE consent_request (
    consent_id text PRIMARY KEY,
    person_id text NOT NULL REFERENCES person,
    recipient_agency_id text NOT NULL REFERENCES agency,
    purpose smallint NOT NULL CHECK (purpose BETWEEN 1 AND 5),
    categories smallint[] NOT NULL CHECK (cardinality(categories) > 0),
    source_agency_ids text[] NOT NULL,
    -- NULL: from the moment the person approves.
    valid_from timestamptz,
    expires_at timestamptz NOT NULL CHECK (valid_from IS NULL OR expires_at > valid_from),
    -- Why the agency asks, in its words, shown to the person beside the request.
    explanation text NOT NULL,
    requested_by_agency_id text NOT NULL REFERENCES agency,
    created_at timestamptz NOT NULL,
    answered_at timestamptz,
    approved boolean,
    CHECK ((answered_at IS NULL) = (approved IS NULL))
);
CREATE INDEX consent_request_person_created ON consent_request (person_id, created_at DESC, consent_id DESC);
