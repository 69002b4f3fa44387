-- The highest event a recovery job has attempted, raised in the transaction that stores the attempt (by the instance
-- holding the job). A job sends its events one at a time in journal order, so every event up to here that it did not
-- skip (filtered out, no longer of its types) was attempted by it; after a crash it goes on from the later of this and
-- its cursor. This replaces guessing a job's own attempts from their times, which took a
-- cancelled job's request that went out (and failed) just after the next job started for the next job's own, so the
-- next job skipped that event. Jobs running across the upgrade start from their cursor: at most the one event whose
-- attempt was stored just before they stopped is sent again, as after a crash.
ALTER TABLE recoveries ADD COLUMN attempted_seq bigint NOT NULL DEFAULT 0;
