-- Retention looks up rows older than the cutoff. BRIN indexes follow the insertion order of these append-mostly
-- tables at almost no cost on writes, and spare each hourly run a full scan for its last, short batch.
CREATE INDEX attempts_attempted_brin ON attempts USING brin (attempted_at);
CREATE INDEX events_received_brin ON events USING brin (received_at);
CREATE INDEX payloads_created_brin ON payloads USING brin (created_at);
