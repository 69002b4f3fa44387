-- Subscriptions: several event types per webhook, a payload filter, and opt-in reaction folding.
--
-- * `event_types` is the webhook's subscription in the order given; `event_type` stays, always `event_types[1]`,
--   so everything that reads one type keeps working.
-- * `filter` is the filter object as JSON text (NULL = none); the cache compiles it once per webhook version.
-- * `reaction_window_ms` > 0 folds reactions to one message into one POST per window.
ALTER TABLE webhooks ADD COLUMN event_types text[];
UPDATE webhooks SET event_types = ARRAY[event_type];
ALTER TABLE webhooks ALTER COLUMN event_types SET NOT NULL;
ALTER TABLE webhooks ADD COLUMN filter text;
ALTER TABLE webhooks ADD COLUMN reaction_window_ms integer NOT NULL DEFAULT 0;

-- One row per reaction event held for a folding webhook. A fold is the rows of one (webhook, message, due_at): the
-- window opened by its first reaction. Rows are written before the event counts as handed over, so a crash loses
-- nothing; the sender claims a due fold for a while (claimed_by, claimed_until), sends the last reaction with
-- "folded": N, and marks the rows sent. The attempt row (webhook, last_seq) is what says a fold was sent: a fold
-- claimed again after a crash that already has its attempt is only marked, never sent twice.
-- outcome: NULL while waiting, 'sent', or 'dropped' (its webhook was disabled or deleted before it could be sent).
CREATE TABLE reaction_folds (
  webhook_id    uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_seq     bigint NOT NULL,
  workspace_id  text COLLATE "C" NOT NULL,
  message_uid   text COLLATE "C" NOT NULL,
  due_at        timestamptz NOT NULL,
  claimed_by    uuid,
  claimed_until timestamptz,
  last_seq      bigint,
  folded        integer,
  outcome       text,
  PRIMARY KEY (webhook_id, event_seq)
);
CREATE INDEX reaction_folds_due ON reaction_folds (due_at) WHERE outcome IS NULL;
CREATE INDEX reaction_folds_open ON reaction_folds (webhook_id, message_uid) WHERE outcome IS NULL;
CREATE INDEX reaction_folds_event ON reaction_folds (event_seq);

-- A writer that knows only `event_type` (a direct insert, or an older instance during a rolling upgrade) still leaves a
-- consistent row: `event_types` follows it.
CREATE FUNCTION webhooks_event_types() RETURNS trigger AS $$
BEGIN
  IF NEW.event_types IS NULL OR (TG_OP = 'UPDATE' AND NEW.event_type IS DISTINCT FROM OLD.event_type
                                 AND NEW.event_types IS NOT DISTINCT FROM OLD.event_types) THEN
    NEW.event_types := ARRAY[NEW.event_type];
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER webhooks_event_types BEFORE INSERT OR UPDATE OF event_type, event_types ON webhooks
  FOR EACH ROW EXECUTE FUNCTION webhooks_event_types();
