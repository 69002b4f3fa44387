-- Retention: purging walks the primary keys from the oldest row, so no time index is needed on the hot tables.
DROP INDEX attempts_time;

-- Message and call uids whose journal rows were purged, so reactions to older messages still count as synced.
CREATE TABLE synced_messages (
  workspace_id text NOT NULL,
  message_uid  text NOT NULL,
  PRIMARY KEY (workspace_id, message_uid)
);
