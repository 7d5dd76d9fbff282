-- The migrator records each migration it applies here, in the same transaction as the migration,
-- so the table says exactly which schema changes the database has. Until this migration has run
-- the migrator treats the database as having none.
CREATE TABLE schema_version (
    version int PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
