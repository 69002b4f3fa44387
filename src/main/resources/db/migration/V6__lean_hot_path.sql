-- A leaner hot path: fewer rows and index entries per event, nothing stored twice.
--
-- * Pending work: an event no longer enters and leaves `pending_events` on its way through. Each instance has a
--   number (`instances.num`, kept on the events it commits as `events.owner`) and a watermark
--   (`instances.done_through`): every event it owns up to that sequence number is finished. Only events that stay
--   unfinished for a while (slow receivers, full queues, shutdown) get a row in `pending_events`. After a crash the
--   events of the dead instance above its watermark, and its pending rows, are taken over.
-- * Request bodies are no longer stored: they are rendered again, byte for byte, from the journal when the log is
--   read. Request headers are derived from the stored fields; only the signature is kept.

ALTER TABLE instances ADD COLUMN num integer GENERATED ALWAYS AS IDENTITY;
ALTER TABLE instances ADD COLUMN done_through bigint NOT NULL DEFAULT 0;
ALTER TABLE instances ADD CONSTRAINT instances_num UNIQUE (num);

-- NULL for events committed before this migration: those are still tracked in pending_events.
ALTER TABLE events ADD COLUMN owner integer;

ALTER TABLE attempts ADD COLUMN signature text;
UPDATE attempts SET signature = request_headers::json ->> 'webhook-signature';
ALTER TABLE attempts DROP COLUMN request_headers;
-- Attempts are read by webhook (attempts_webhook) and by event (attempts_event); the id is never looked up alone.
ALTER TABLE attempts DROP CONSTRAINT attempts_pkey;

DROP TABLE payloads;

-- A webhook's current enabled period began here: at creation, at re-enabling, or when {"enabled": true} reset its
-- failure count. Delivery starts a fresh circuit breaker and failure run for each period.
ALTER TABLE webhooks ADD COLUMN enabled_since timestamptz NOT NULL DEFAULT now();
