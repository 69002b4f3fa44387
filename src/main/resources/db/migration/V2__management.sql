-- Management: workspace tokens (stored as hashes only) and the audit log of webhook changes.

CREATE TABLE workspace_tokens (
  id           uuid PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL,
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workspace_tokens_workspace ON workspace_tokens (workspace_id);

CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  action       text NOT NULL,
  webhook_id   uuid,
  before       text,
  after        text
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id DESC);
