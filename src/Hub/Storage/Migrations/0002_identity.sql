-- Partner identity: agencies and their OAuth clients, the hub's token-signing keys, people and
-- the agencies linked to them, and the idempotency record of mutating calls.

CREATE TABLE agency (
    agency_id text PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind smallint NOT NULL CHECK (kind BETWEEN 1 AND 5),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One client per agency, plus the operator's hub-admin client (no agency). Secrets are stored
-- only as a slow salted hash; disabling a client also stops the tokens it already holds.
CREATE TABLE oauth_client (
    client_id text PRIMARY KEY,
    agency_id text UNIQUE REFERENCES agency,
    secret_hash text,
    scopes text[] NOT NULL,
    disabled_at timestamptz,
    disabled_reason text,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Public keys a client signs private_key_jwt assertions with.
CREATE TABLE oauth_client_key (
    key_id text PRIMARY KEY,
    client_id text NOT NULL REFERENCES oauth_client,
    public_jwk jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Assertion ids already used, kept until the assertion expires, so none is accepted twice.
CREATE TABLE oauth_assertion_jti (
    client_id text NOT NULL,
    jti text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX oauth_assertion_jti_expiry ON oauth_assertion_jti (expires_at);

-- The hub's ES256 token-signing keys. The newest unretired key signs; retired keys stay published
-- until every token they signed has expired.
CREATE TABLE signing_key (
    kid text PRIMARY KEY,
    private_key bytea NOT NULL,
    public_jwk jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);

CREATE TABLE person (
    person_id text PRIMARY KEY,
    birth_date date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Which agencies support a person; a linked agency may act for them.
CREATE TABLE person_link (
    person_id text NOT NULL REFERENCES person,
    agency_id text NOT NULL REFERENCES agency,
    local_reference text,
    reason text NOT NULL,
    linked_by_agency_id text NOT NULL REFERENCES agency,
    linked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, agency_id)
);
CREATE UNIQUE INDEX person_link_local_reference ON person_link (agency_id, local_reference) WHERE local_reference IS NOT NULL;

-- The first answer to each (caller, request_id), returned again for a repeat of the request.
CREATE TABLE idempotent_request (
    caller text NOT NULL,
    request_id text NOT NULL,
    method text NOT NULL,
    response bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, request_id)
);
