-- "Was this message ever synced?" (checked for a reaction's message) looks a (workspace, message uid) pair up by
-- equality only, and message uids arrive in no order. As a B-tree on (workspace_id, message_uid), every message and
-- call put its two texts on a random leaf: a descent through text comparisons per event, over an index three times
-- the size of one on a 64-bit hash of the pair. Keyed by that hash (the workspace's hash seeds the uid's), the index
-- is compared as integers and is smaller; the texts are compared on the row. A uid sent many times stays cheap (a
-- B-tree keeps equal keys together, where a hash index walks an ever longer bucket chain for every insert), and a uid
-- one workspace repeats costs another workspace nothing (the workspace is part of the key).
-- Measured warm with one webhook, alternating runs: PostgreSQL 34-38 µs per event against 36-45 µs, 5 of 5 (with a
-- hash index on the uid, which inserts as fast as this one: 1,243 and 1,244 ms for 200,000 random uids, against 1,402
-- for the old B-tree).
--
-- Building it blocks the journal (reads and writes) for the time of the build: about 1.4 s per million events on the
-- machine these figures come from.
DROP INDEX events_synced_uid;
CREATE INDEX events_synced_uid ON events (hashtextextended(message_uid, hashtext(workspace_id)))
  WHERE kind <> 'reaction';
