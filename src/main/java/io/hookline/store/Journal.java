package io.hookline.store;

import io.hookline.event.SkipReason;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The event journal ({@code events}, and {@code synced_messages} where the uids of purged messages live on): one
 * row per accepted event, written by group commit before the producer gets its 202. The stored body is the
 * producer's own JSON text, byte for byte, read back by the same parser that accepted it.
 */
public final class Journal {

    /**
     * Where every journal insert's result has its columns ({@code seq, workspace_id, id}, in that order): read by
     * position, since a name is looked up by hashing it again on every row (measured: about 1 % of the event loops'
     * CPU with one webhook).
     */
    public static final int SEQ = 0;

    public static final int WORKSPACE_ID = 1;
    public static final int ID = 2;

    /** The rows of $1..$8 with $9 received_at and $10 owner, to be completed by an ORDER BY (and a WHERE). */
    private static final String INSERT_ROWS = """
      INSERT INTO events (workspace_id, id, kind, fires, message_uid, skip_reason, reactions, body, received_at, owner)
      SELECT workspace_id, id, kind, fires, message_uid, skip_reason, reactions, body, $9, $10
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[])
           WITH ORDINALITY AS t(workspace_id, id, kind, fires, message_uid, skip_reason, reactions, body, ord)
      """;

    /**
     * One multi-row insert for a whole batch, in arrival order; duplicates of an earlier producer id are silently
     * left out (recognised by their absence from RETURNING). {@code owner} is the committing instance's number:
     * its watermark says which of its events are finished.
     */
    private static final String INSERT_ALL = INSERT_ROWS + "ORDER BY ord\n";

    private static final String INSERT = INSERT_ALL + """
      ON CONFLICT (workspace_id, id) DO NOTHING
      RETURNING seq, workspace_id, id""";

    /**
     * Without {@code ON CONFLICT}: PostgreSQL then checks the producer-id index once per row while inserting, instead
     * of probing it first and confirming each row afterwards (a second index search and an extra WAL record per row).
     * Fails as a whole (unique violation) when any row is a duplicate.
     */
    private static final String INSERT_ALL_NEW = INSERT_ALL + "RETURNING seq, workspace_id, id";

    /**
     * Whether the message {@code k.workspace_id, k.message_uid} was ever ingested as a message or a call: in the
     * journal, or — once retention purged the journal rows — in {@code synced_messages}; true or null. Written as a
     * correlated lookup per key, not as a join: a cached generic plan for a join, made while the journal was small,
     * scans all of it for every reaction write until the next ANALYZE; a lookup per key stays on the indexes. The
     * journal's rows are found by a 64-bit hash of the pair (the index of V12), and the texts compared on the row.
     */
    static final String IS_SYNCED = """
      (SELECT true FROM events e
       WHERE hashtextextended(e.message_uid, hashtext(e.workspace_id))
               = hashtextextended(k.message_uid, hashtext(k.workspace_id))
         AND e.workspace_id = k.workspace_id AND e.message_uid = k.message_uid AND e.kind <> 'reaction' LIMIT 1)
         OR (SELECT true FROM synced_messages s
             WHERE s.workspace_id = k.workspace_id AND s.message_uid = k.message_uid)""";

    /**
     * {@link #INSERT} and the reaction states' save in one statement: see {@link ReactionStates#SAVE_IF_ALL_INSERTED}.
     */
    private static final String INSERT_SAVING_STATES =
            "WITH ins AS (" + INSERT_ALL + """
      ON CONFLICT (workspace_id, id) DO NOTHING
      RETURNING seq, workspace_id, id, reactions IS NOT NULL AS applied),
      saved AS (""" + ReactionStates.SAVE_IF_ALL_INSERTED + """
      )
      SELECT seq, workspace_id, id FROM ins""";

    /**
     * The reaction write in one statement, for a batch whose reaction states the instance knows: the states' rows are
     * locked and checked, and saved only if unchanged ({@link ReactionStates#SAVE_IF_UNCHANGED}); the events are
     * inserted only then, after the save (the insert reads {@code saved}, which makes it run second). Returns the
     * inserted rows, or one row with a null {@code seq} when a state had changed (nothing written). As
     * {@link #INSERT_SAVING_STATES}, it fails with {@link ReactionStates#REACTION_TAKEN} unless every applied reaction
     * ($14) was inserted; that check is a row of its own, so it runs even when the insert returned nothing.
     */
    private static final String INSERT_IF_STATES_UNCHANGED =
            "WITH " + ReactionStates.SAVE_IF_UNCHANGED + """
      ,
      ins AS (""" + INSERT_ROWS + """
      WHERE (SELECT ok FROM unchanged) AND (SELECT count(*) FROM saved) >= 0
      ORDER BY ord
      ON CONFLICT (workspace_id, id) DO NOTHING
      RETURNING seq, workspace_id, id, reactions IS NOT NULL AS applied)
      SELECT seq, workspace_id, id FROM ins
      UNION ALL
      SELECT NULL::bigint, NULL::text, NULL::text WHERE NOT (SELECT ok FROM unchanged)
      UNION ALL
      SELECT NULL::bigint, NULL::text, NULL::text
      WHERE (SELECT ok FROM unchanged)
        AND CASE WHEN (SELECT count(*) FROM ins WHERE ins.applied) = $14 THEN false ELSE hookline_reaction_taken() END""";

    /**
     * Why committed events were sent nowhere after all, in a narrow table of its own: rewriting the journal row (the
     * producer's whole body) for it cost a second copy of every such event in the write-ahead log.
     */
    private static final String RECORD_SKIPS = """
      INSERT INTO event_skips (seq, reason) SELECT * FROM unnest($1::bigint[], $2::text[])
      ON CONFLICT (seq) DO UPDATE SET reason = EXCLUDED.reason""";

    /** An event that cannot be read back is no longer any type's latest, nor recoverable: its row says so. */
    private static final String MARK_UNREADABLE = "UPDATE events SET skip_reason = '"
            + SkipReason.UNREADABLE_EVENT.wire() + "', fires = NULL WHERE seq = ANY($1::bigint[])";

    /** Where a skip reason is read: the rules' (in the row) or fan-out's (in {@code event_skips}). */
    private static final String SKIP_REASON =
            "coalesce(e.skip_reason, (SELECT s.reason FROM event_skips s WHERE s.seq = e.seq)) AS skip_reason";

    /** The columns {@link StoredEvent#from} reads, for queries joining the journal as {@code e}. */
    public static final String COLUMNS = "e.seq, e.id, e.workspace_id, e.body, e.reactions, e.received_at";

    /** The webhooks a parked event was routed to (its pending row's list), or NULL, as {@code owed}. */
    private static final String OWED = "(SELECT p.owed FROM pending_events p WHERE p.seq = e.seq) AS owed";

    private static final String LOAD_FOR_REDRIVE = "SELECT " + COLUMNS + """
      , ARRAY(SELECT a.webhook_id FROM attempts a WHERE a.event_seq = e.seq AND NOT a.test
              UNION SELECT f.webhook_id FROM reaction_folds f WHERE f.event_seq = e.seq) AS attempted,
        %s
      FROM events e WHERE e.seq = ANY($1::bigint[])""".formatted(OWED);

    /**
     * The events of the workspace as it is now: a workspace deleted and created again with the same id must not send
     * its predecessor's events (another tenant's, perhaps) to its new webhooks.
     */
    private static final String SINCE_WORKSPACE_CREATED =
            " AND e.seq > (SELECT coalesce(w.first_seq, 0) FROM workspaces w WHERE w.id = $1)"
                    + " AND (e.received_at >= (SELECT w.created_at FROM workspaces w WHERE w.id = $1"
                    + " AND w.first_seq IS NULL)) IS NOT FALSE";

    /**
     * Its journal begins at {@code first_seq}, drawn from the events' sequence when it was created; a workspace
     * created before migration V16 has none and compares times instead.
     */
    private static final String BEFORE_WORKSPACE = """
      (SELECT CASE WHEN w.first_seq IS NULL THEN e.received_at < w.created_at ELSE e.seq <= w.first_seq END
       FROM workspaces w WHERE w.id = $1)""";

    private static final String LATEST_OF_TYPE = "SELECT " + COLUMNS
            + " FROM events e WHERE e.workspace_id = $1 AND e.fires = $2" + SINCE_WORKSPACE_CREATED
            + " ORDER BY e.seq DESC LIMIT 1";

    /** Per base type the newest, then the newest of those: one short index walk per type. */
    private static final String LATEST_OF_TYPES = "SELECT l.* FROM unnest($2::text[]) AS t(fires), LATERAL (SELECT "
            + COLUMNS + " FROM events e WHERE e.workspace_id = $1 AND e.fires = t.fires" + SINCE_WORKSPACE_CREATED
            + " ORDER BY e.seq DESC LIMIT 1) l ORDER BY l.seq DESC LIMIT 1";

    private static final String BY_PRODUCER_ID =
            "SELECT " + COLUMNS + ", e.kind, e.fires, " + SKIP_REASON + """
      , e.owner,
        EXISTS (SELECT 1 FROM pending_events p WHERE p.seq = e.seq)
          OR EXISTS (SELECT 1 FROM reaction_folds f WHERE f.event_seq = e.seq AND f.outcome IS NULL) AS parked,
        %s,
        EXISTS (SELECT 1 FROM instances i WHERE i.num = e.owner AND i.done_through < e.seq) AS in_progress,
        %s AS before_workspace
      FROM events e WHERE e.workspace_id = $1 AND e.id = $2""".formatted(OWED, BEFORE_WORKSPACE);

    private Journal() {}

    /** $1..$8 arrays of the rows, $9 received_at, $10 owner. Returns {@code seq, workspace_id, id} per new row. */
    public static Future<RowSet<Row>> insert(SqlClient client, Tuple rows) {
        return client.preparedQuery(INSERT).execute(rows);
    }

    /**
     * As {@link #insert}, for rows expected to be new: cheaper, but fails with a unique violation (nothing inserted)
     * when any of them is a duplicate; see {@link StorageErrors#isDuplicate}.
     */
    public static Future<RowSet<Row>> insertAllNew(SqlClient client, Tuple rows) {
        return client.preparedQuery(INSERT_ALL_NEW).execute(rows);
    }

    /**
     * As {@link #insert}, saving the reaction states the batch's reactions made ($11..$13 workspace ids, message uids,
     * states; $14 how many of the rows carry a reaction applied to them). Fails with SQLSTATE
     * {@link ReactionStates#REACTION_TAKEN} when one of those was left out as a duplicate.
     */
    public static Future<RowSet<Row>> insertSavingStates(SqlClient client, Tuple rowsAndStates) {
        return client.preparedQuery(INSERT_SAVING_STATES).execute(rowsAndStates);
    }

    /**
     * As {@link #insertSavingStates}, with $15 the state each of $11..$13 was computed from, in one statement that
     * takes the rows' locks itself (see {@link #INSERT_IF_STATES_UNCHANGED}). Yields one row with a null {@code seq}
     * (see {@link #statesMoved}) and writes nothing when one of them changed since; fails with
     * {@link ReactionStates#REACTION_TAKEN} when an applied reaction was left out as a duplicate.
     */
    public static Future<RowSet<Row>> insertIfStatesUnchanged(SqlClient client, Tuple rowsAndStates) {
        return client.preparedQuery(INSERT_IF_STATES_UNCHANGED).execute(rowsAndStates);
    }

    /** Whether {@link #insertIfStatesUnchanged} found a state changed and wrote nothing. */
    public static boolean statesMoved(RowSet<Row> result) {
        for (Row row : result) {
            if (row.getValue(SEQ) == null) {
                return true;
            }
        }
        return false;
    }

    /** Records why events were sent nowhere after all (the reasons are {@code SkipReason} wire names). */
    public static Future<Void> skip(SqlClient client, Long[] seqs, String[] reasons) {
        List<Long> unreadable = new ArrayList<>();
        List<Long> skipped = new ArrayList<>(seqs.length);
        List<String> why = new ArrayList<>(seqs.length);
        for (int i = 0; i < seqs.length; i++) {
            if (SkipReason.UNREADABLE_EVENT.wire().equals(reasons[i])) {
                unreadable.add(seqs[i]);
            } else {
                skipped.add(seqs[i]);
                why.add(reasons[i]);
            }
        }
        Future<?> recorded = skipped.isEmpty()
                ? Future.succeededFuture()
                // not Tuple.of(seqs, reasons): with a String[] second argument the varargs overload spreads it
                : client.preparedQuery(RECORD_SKIPS)
                        .execute(Tuple.wrap(new Object[] {skipped.toArray(Long[]::new), why.toArray(String[]::new)}));
        return unreadable.isEmpty()
                ? recorded.mapEmpty()
                : recorded.compose(v -> client.preparedQuery(MARK_UNREADABLE)
                                .execute(Tuple.of((Object) unreadable.toArray(Long[]::new))))
                        .mapEmpty();
    }

    /** Before a workspace's webhooks go: its parked or folded events with no attempt are skipped (webhooks deleted). */
    public static Future<Void> skipWaitingOf(SqlClient client, String workspaceId) {
        return client.preparedQuery(
                        "INSERT INTO event_skips (seq, reason) SELECT s.seq, '"
                                + SkipReason.WEBHOOK_DISABLED.wire()
                                + "' FROM (SELECT p.seq FROM pending_events p JOIN events e "
                                + "ON e.seq = p.seq WHERE e.workspace_id = $1 UNION SELECT f.event_seq FROM reaction_folds f "
                                + "WHERE f.workspace_id = $1 AND f.outcome IS NULL) s(seq) WHERE NOT EXISTS "
                                + "(SELECT 1 FROM attempts a WHERE a.event_seq = s.seq AND NOT a.test) ON CONFLICT (seq) DO NOTHING")
                .execute(Tuple.of(workspaceId))
                .mapEmpty();
    }

    /** The events, each with the webhooks that already have a (non-test) attempt for it, or hold it in a fold. */
    public static Future<RowSet<Row>> loadForRedrive(SqlClient client, Long[] seqs) {
        return client.preparedQuery(LOAD_FOR_REDRIVE).execute(Tuple.of(seqs));
    }

    /** The workspace's most recent event whose base type is {@code fires}, or an empty row set. */
    public static Future<RowSet<Row>> latestOfType(SqlClient client, String workspaceId, String fires) {
        return client.preparedQuery(LATEST_OF_TYPE).execute(Tuple.of(workspaceId, fires));
    }

    /** The workspace's most recent event whose base type is one of {@code fires}, or an empty row set. */
    public static Future<RowSet<Row>> latestOfTypes(SqlClient client, String workspaceId, String[] fires) {
        return client.preparedQuery(LATEST_OF_TYPES).execute(Tuple.of(workspaceId, (Object) fires));
    }

    /**
     * One event by producer id, with whether work on it may still be under way: it is parked in
     * {@code pending_events}, or its instance has not yet declared it finished.
     */
    public static Future<RowSet<Row>> byProducerId(SqlClient client, String workspaceId, String eventId) {
        return client.preparedQuery(BY_PRODUCER_ID).execute(Tuple.of(workspaceId, eventId));
    }

    /**
     * For retention: the first event received at or after {@code cutoff} in sequence order. Sequence numbers follow
     * arrival, so this walks only the old rows; everything from here on is kept, and the purges look below it only.
     */
    static final String FIRST_KEPT = "SELECT e.seq FROM events e WHERE e.received_at >= $1 ORDER BY e.seq LIMIT 1";

    /**
     * For retention: the oldest finished events received before {@code cutoff} ($1), up to {@code limit} ($2), below
     * the first kept event ($3, see {@link #FIRST_KEPT}); without that bound, a run with nothing (more) to delete
     * walked the whole journal.
     */
    static final String PURGE = """
      WITH doomed AS (
        SELECT e.seq, e.workspace_id, e.message_uid, e.kind FROM events e
        WHERE e.seq < $3 AND e.received_at < $1
          AND NOT EXISTS (SELECT 1 FROM pending_events p WHERE p.seq = e.seq)
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.event_seq = e.seq AND a.attempted_at >= $1)
        ORDER BY e.seq LIMIT $2
      ), kept AS (
        INSERT INTO synced_messages (workspace_id, message_uid)
        SELECT DISTINCT workspace_id, message_uid FROM doomed WHERE kind <> 'reaction'
        ON CONFLICT DO NOTHING
      ), skips AS (
        DELETE FROM event_skips WHERE seq IN (SELECT seq FROM doomed)
      )
      DELETE FROM events WHERE seq IN (SELECT seq FROM doomed)""";
}
