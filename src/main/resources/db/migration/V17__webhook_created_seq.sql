-- Whether a webhook existed when an event came, told without clocks: a value of the events' sequence drawn when the
-- webhook is created, lower than the sequence number of every event committed after it was. Used where an event is
-- routed by the webhooks of now rather than by the list noted when it came (a webhook the accepting instance had not
-- heard of yet, a crash's take-over) and by event lookup. NULL for webhooks created before this migration: those keep
-- comparing the event's arrival (Hookline's clock) with the webhook's creation time (the database's).
ALTER TABLE webhooks ADD COLUMN created_seq bigint;
