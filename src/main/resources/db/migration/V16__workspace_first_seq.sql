-- Where a workspace's events begin in the journal: a value of the events' sequence drawn when the workspace was
-- created, so every event committed for it later has a higher one. A workspace deleted and created again with the
-- same id does not see its predecessor's events (save-and-test, resend), and the index walk for "the newest event of
-- this type" stops at this boundary instead of reading the predecessor's history. Comparing sequence numbers needs no
-- agreement between Hookline's clock and the database's. NULL for workspaces created before this migration: those
-- keep comparing the event's arrival with the workspace's creation time. This relies on the sequence handing out its
-- values in order across sessions (CACHE 1, PostgreSQL's default for an identity column): keep it so.
ALTER TABLE workspaces ADD COLUMN first_seq bigint;
