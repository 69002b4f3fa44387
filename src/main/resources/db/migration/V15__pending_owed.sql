-- The webhooks a parked event was meant for when it was committed. The re-drive sends it only to those of them still
-- enabled and subscribed, so a webhook re-enabled, or subscribed to the event's type, while the event waited does not
-- receive an event from before (as an event kept in memory would not). NULL where nobody knew: rows of events taken
-- over from an instance that died before it finished or parked them, and rows written before this migration; those
-- go to the webhooks enabled and subscribed when they are sent again, among those created before the event came.
ALTER TABLE pending_events ADD COLUMN owed uuid[];
