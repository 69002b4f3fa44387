-- Lists page by keyset (CONTRACT §12): each list walks a unique, increasing key downwards from a cursor, so rows
-- that arrive while a client pages never shift a page (no duplicates, no gaps). Attempts, audit entries and
-- notifications have bigint identity ids already. Workspaces (text ids), webhooks and workspace tokens (random UUIDs)
-- get a `seq` in creation order: `created_at` is neither unique nor increasing in commit order. Existing rows are
-- numbered by their creation time, so "newest first" stays what it was.

ALTER TABLE workspaces ADD COLUMN seq bigint;
UPDATE workspaces w SET seq = o.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM workspaces) o WHERE o.id = w.id;
ALTER TABLE workspaces ALTER COLUMN seq SET NOT NULL;
ALTER TABLE workspaces ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('workspaces', 'seq'), (SELECT coalesce(max(seq), 0) + 1 FROM workspaces), false);
CREATE UNIQUE INDEX workspaces_seq ON workspaces (seq);

ALTER TABLE webhooks ADD COLUMN seq bigint;
UPDATE webhooks w SET seq = o.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM webhooks) o WHERE o.id = w.id;
ALTER TABLE webhooks ALTER COLUMN seq SET NOT NULL;
ALTER TABLE webhooks ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('webhooks', 'seq'), (SELECT coalesce(max(seq), 0) + 1 FROM webhooks), false);
CREATE UNIQUE INDEX webhooks_workspace_seq ON webhooks (workspace_id, seq);

ALTER TABLE workspace_tokens ADD COLUMN seq bigint;
UPDATE workspace_tokens t SET seq = o.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM workspace_tokens) o WHERE o.id = t.id;
ALTER TABLE workspace_tokens ALTER COLUMN seq SET NOT NULL;
ALTER TABLE workspace_tokens ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('workspace_tokens', 'seq'),
              (SELECT coalesce(max(seq), 0) + 1 FROM workspace_tokens), false);
CREATE UNIQUE INDEX workspace_tokens_workspace_seq ON workspace_tokens (workspace_id, seq);

-- The admin and ingest tokens Hookline generates when none is configured (CONTRACT §8): generated once, stored only
-- as SHA-256 hashes, and used by every later start and every instance, so a restart never invalidates a token a
-- producer already uses. The primary key makes instances that start at the same time agree on one token.
CREATE TABLE generated_tokens (
  name       text PRIMARY KEY CHECK (name IN ('admin', 'ingest')),
  token_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
