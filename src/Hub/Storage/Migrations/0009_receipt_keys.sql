-- A4: receipts are signed with keys of their own, apart from the token keys: long-lived, and never
-- unpublished, so a receipt handed to the person verifies years later, after any token-key rotation.
CREATE TABLE receipt_signing_key (
    kid text PRIMARY KEY,
    private_key bytea NOT NULL,
    public_jwk jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);
