-- Recovery: what made each attempt, resend and recover jobs, secret rotation with overlap, and the
-- warning before a disable.

-- Why an attempt was made: `delivery` (fan-out), `test` (save and test), `resend` (one event by hand) or `recover`
-- (a recovery job). `test` stays as it was, equal to trigger = 'test'. A constant default adds the column without
-- rewriting the table; only test attempts need an update.
ALTER TABLE attempts ADD COLUMN trigger text NOT NULL DEFAULT 'delivery';
UPDATE attempts SET trigger = 'test' WHERE test;

-- Secret rotation with overlap: until previous_secret_expires_at every request is signed with both secrets, the new
-- one first, so receivers can switch keys without losing a request.
ALTER TABLE webhooks ADD COLUMN previous_secret text;
ALTER TABLE webhooks ADD COLUMN previous_secret_expires_at timestamptz;

-- The warning before a disable: set when a webhook_failing notification was queued for the current failure run.
-- A success clears it; a run that began after it (re-enabling sets enabled_since) is a new run.
ALTER TABLE webhooks ADD COLUMN failing_warned_at timestamptz;

-- Recovery jobs: re-send, oldest first, the events of a window that a webhook never got. Durable: the job is a row,
-- claimed by one instance at a time (claimed_until, renewed as it works, taken over once it lapses); cursor_seq says
-- every event up to it is done, and the counters are updated in the transaction that stores each attempt, so after a
-- crash the job goes on where it stopped. Events committed after the job started (above through_seq) are live
-- deliveries, not the job's.
CREATE TABLE recoveries (
  id            uuid PRIMARY KEY,
  seq           bigint GENERATED ALWAYS AS IDENTITY,
  workspace_id  text COLLATE "C" NOT NULL,
  webhook_id    uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  status        text NOT NULL DEFAULT 'running',
  since         timestamptz NOT NULL,
  until         timestamptz NOT NULL,
  through_seq   bigint NOT NULL,
  cursor_seq    bigint NOT NULL DEFAULT 0,
  total         integer NOT NULL,
  sent          integer NOT NULL DEFAULT 0,
  succeeded     integer NOT NULL DEFAULT 0,
  failed        integer NOT NULL DEFAULT 0,
  claimed_by    uuid,
  claimed_until timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE UNIQUE INDEX recoveries_seq ON recoveries (webhook_id, seq);
-- one running recovery per webhook; a second one is refused by this index (409 recovery_running)
CREATE UNIQUE INDEX recoveries_one_running ON recoveries (webhook_id) WHERE status = 'running';
CREATE INDEX recoveries_running ON recoveries (claimed_until) WHERE status = 'running';
