-- Which webhook changes came after an event, told without clocks: a value of the events' sequence drawn when the
-- change is recorded, as webhooks.created_seq (V17) is for creations. Event lookup judges the webhooks "as they were
-- when the event came" by the changes recorded after it; comparing the change's time (the database's clock) with the
-- event's received_at (the accepting instance's) counted changes from before the event as later ones whenever that
-- instance's clock ran behind. NULL for entries recorded before this migration: those keep the time rule. Like V16
-- and V17, this relies on the sequence's default CACHE 1 (numbers drawn in the order the statements ran).
ALTER TABLE audit_log ADD COLUMN seq bigint;

-- A webhook's creation entry carries the webhook's own number, so a deleted webhook is judged by the same number as
-- it was while it existed.
UPDATE audit_log a SET seq = w.created_seq FROM webhooks w
WHERE a.action = 'webhook.created' AND a.webhook_id = w.id AND w.created_seq IS NOT NULL;
