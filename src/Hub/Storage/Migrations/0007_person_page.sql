-- The person's own page (issue 13, P1–P3): one-time sign-in codes, sessions, and withdrawals the
-- person makes themselves.

-- A code is a public handle (to find the row and count wrong tries against it) and a secret of
-- 60 random bits, kept only as its SHA-256: the secret's entropy, not a slow hash, is what makes
-- guessing hopeless within 5 tries and 15 minutes.
CREATE TABLE person_access_code (
    handle text PRIMARY KEY,
    secret_hash bytea NOT NULL,
    person_id text NOT NULL REFERENCES person,
    -- GrantorRole: 1 the person, 2 their legal guardian.
    holder smallint NOT NULL CHECK (holder IN (1, 2)),
    issued_by_agency_id text NOT NULL REFERENCES agency,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL CHECK (expires_at > issued_at),
    failed_attempts integer NOT NULL DEFAULT 0,
    used_at timestamptz
);

-- A signed-in page session; the cookie holds a random token, the row only its SHA-256. Ending a
-- session (signing out) is final, so a copied cookie is worth nothing afterwards.
CREATE TABLE person_session (
    token_hash bytea PRIMARY KEY,
    person_id text NOT NULL REFERENCES person,
    holder smallint NOT NULL CHECK (holder IN (1, 2)),
    started_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    ended_at timestamptz
);

-- C7: the person may revoke any of their consents themselves; no agency is the revoker then.
ALTER TABLE consent ADD COLUMN revoked_by_person boolean NOT NULL DEFAULT false;
ALTER TABLE consent DROP CONSTRAINT consent_check;
ALTER TABLE consent ADD CONSTRAINT consent_revoker CHECK (
    CASE WHEN revoked_at IS NULL THEN revoked_by_agency_id IS NULL AND NOT revoked_by_person
         ELSE (revoked_by_agency_id IS NULL) = revoked_by_person END);
