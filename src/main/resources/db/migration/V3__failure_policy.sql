-- Failure policy: the outbox of notification mails. A row is written in the same transaction that disables a
-- webhook, so exactly one mail exists per auto-disable however many instances saw the failures; a mail server
-- that is down delays it (attempts, last_error, next_attempt_at) but never loses it.

CREATE TABLE notifications (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id    text NOT NULL,
  kind            text NOT NULL,
  webhook_id      uuid,
  to_address      text,
  subject         text NOT NULL,
  body            text NOT NULL,
  status          text NOT NULL DEFAULT 'pending',
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by      uuid,
  claimed_until   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX notifications_workspace ON notifications (workspace_id, id DESC);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
