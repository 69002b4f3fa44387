-- Why an event went nowhere, when fan-out found that out after the commit (no enabled webhook wants it, or every
-- subscribed webhook's filter refused it): a narrow row of its own. Setting events.skip_reason instead rewrote the
-- event's whole row, the producer's body included, for every such event: about 1.2 KB of WAL and a dead row version
-- each. Reasons known at ingest (the firing rules) and unreadable events stay in events.skip_reason, and so do the
-- reasons recorded before this migration: readers take events.skip_reason, else the reason here.
-- Rows go when their event does (retention), in the same statement.
CREATE TABLE event_skips (
  seq    bigint PRIMARY KEY,
  reason text NOT NULL
);
