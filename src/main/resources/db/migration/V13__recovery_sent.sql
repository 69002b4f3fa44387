-- The events each recovery job has attempted, written in the transaction that stores the attempt. A job's "already
-- attempted by this job" check reads it instead of guessing from attempt times: a request a cancelled job still had
-- waiting in the webhook's lane could be made after the next job started, and the time rule took that attempt for the
-- next job's own, so the next job skipped the event even when that attempt had failed.
CREATE TABLE recovery_sent (
  recovery  uuid NOT NULL REFERENCES recoveries (id) ON DELETE CASCADE,
  event_seq bigint NOT NULL,
  PRIMARY KEY (recovery, event_seq)
);

-- Jobs running across the upgrade keep what the old rule counted as theirs.
INSERT INTO recovery_sent (recovery, event_seq)
SELECT DISTINCT r.id, a.event_seq
FROM recoveries r
JOIN attempts a ON a.webhook_id = r.webhook_id AND a.trigger = 'recover' AND NOT a.test
  AND a.attempted_at >= r.created_at
WHERE r.status = 'running';
