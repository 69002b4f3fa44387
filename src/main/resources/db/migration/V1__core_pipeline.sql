-- Core pipeline: workspaces, webhooks, the event journal, pending work, reaction state, payloads and attempts.

CREATE TABLE workspaces (
  id                 text PRIMARY KEY,
  name               text NOT NULL,
  notification_email text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhooks (
  id              uuid PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  url             text NOT NULL,
  event_type      text NOT NULL,
  format          text NOT NULL,
  enabled         boolean NOT NULL,
  secret          text NOT NULL,
  errors_counter  integer NOT NULL DEFAULT 0,
  disabled_reason text,
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_workspace ON webhooks (workspace_id, created_at);

-- The journal: one row per accepted event, written by group commit before the producer gets its 202.
-- `fires` is the event's base webhook type (message:new for every message) or NULL when the rules skip it;
-- `reactions` is the aggregate after a reaction, fixed at commit so replays render the same payload.
CREATE TABLE events (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id text NOT NULL,
  id           text NOT NULL,
  kind         text NOT NULL,
  fires        text,
  message_uid  text NOT NULL,
  skip_reason  text,
  reactions    text,
  body         text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_producer_id UNIQUE (workspace_id, id)
);
-- "was this message ever synced?" for reactions
CREATE INDEX events_synced_uid ON events (workspace_id, message_uid) WHERE kind <> 'reaction';
-- "most recent event of this type" for save-and-test
CREATE INDEX events_latest ON events (workspace_id, fires, seq DESC) WHERE fires IS NOT NULL;

-- Events accepted but not yet fully delivered, and the instance working on them. Small and short-lived:
-- a row is deleted in the same transaction that stores the event's last attempt.
CREATE TABLE pending_events (
  seq         bigint PRIMARY KEY,
  instance_id uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_events_instance ON pending_events (instance_id, seq);

CREATE TABLE instances (
  id           uuid PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  stopped_at   timestamptz
);

-- Per message: which reactor holds which emoji, plus anonymous (null reactor) counts. Kept as JSON text,
-- not jsonb, so emoji order is preserved.
CREATE TABLE reaction_state (
  workspace_id text NOT NULL,
  message_uid  text NOT NULL,
  state        text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, message_uid)
);

-- Request bodies, stored once per (event, webhook event type, format) however many webhooks got them.
CREATE TABLE payloads (
  event_seq  bigint NOT NULL,
  event_type text NOT NULL,
  format     text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_seq, event_type, format)
);

CREATE TABLE attempts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id       uuid NOT NULL,
  workspace_id     text NOT NULL,
  event_seq        bigint NOT NULL,
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  format           text NOT NULL,
  url              text NOT NULL,
  attempted_at     timestamptz NOT NULL,
  duration_ms      integer NOT NULL,
  success          boolean NOT NULL,
  test             boolean NOT NULL DEFAULT false,
  status_code      integer,
  error            text,
  request_headers  text NOT NULL,
  response_headers text,
  response_body    text
);
CREATE INDEX attempts_webhook ON attempts (webhook_id, id DESC);
CREATE INDEX attempts_event ON attempts (event_seq);
CREATE INDEX attempts_time ON attempts (attempted_at);
