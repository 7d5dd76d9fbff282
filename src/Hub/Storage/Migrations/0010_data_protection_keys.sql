-- ASP.NET Core Data Protection's key ring (antiforgery tokens of the person's page), shared by every
-- node, so a form one node rendered is accepted by another. Rows are only ever added.
CREATE TABLE data_protection_key (
    friendly_name text PRIMARY KEY,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
