-- Recovery (CONTRACT §9): what made each attempt, resend and recover jobs, secret rotation with overlap, and the
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
