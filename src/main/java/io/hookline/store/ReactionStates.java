package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Per message, which reactor holds which emoji ({@code reaction_state}). Used inside the journal transaction: the
 * rows of a batch's messages are locked first, so reactions to one message are applied in journal order even
 * when several writes (or instances) run at once.
 */
public final class ReactionStates {

    /**
     * For the reactions of one batch: which of their messages the journal knows (a message or call about it was
     * ingested), and the state rows of the messages that get a reaction, locked, created where missing, in key order
     * so concurrent batches cannot deadlock. The no-op update is what takes the lock on rows that already exist. A
     * message is locked when the journal knows it, or when the batch itself brings it before one of its reactions
     * ({@code $3}). One statement, so it can travel with the transaction's BEGIN. Returns one row per key:
     * {@code workspace_id, message_uid, in_journal, state} (state null where nothing was locked).
     */
    private static final String LOCK_FOR_BATCH = """
      WITH k AS MATERIALIZED (
        SELECT k.workspace_id, k.message_uid, k.after_message, COALESCE(""" + Journal.IS_SYNCED + """
      , false) AS in_journal
        FROM unnest($1::text[], $2::text[], $3::bool[]) AS k(workspace_id, message_uid, after_message)),
      l AS (
        INSERT INTO reaction_state (workspace_id, message_uid, state)
        SELECT workspace_id, message_uid, '' FROM k WHERE in_journal OR after_message
        ORDER BY workspace_id COLLATE "C", message_uid COLLATE "C"
        ON CONFLICT (workspace_id, message_uid) DO UPDATE SET updated_at = reaction_state.updated_at
        RETURNING workspace_id, message_uid, state)
      SELECT k.workspace_id, k.message_uid, k.in_journal, l.state
      FROM k LEFT JOIN l ON l.workspace_id = k.workspace_id AND l.message_uid = k.message_uid""";

    /**
     * The new states of the rows {@link #LOCK_FOR_BATCH} locked. An upsert rather than {@code UPDATE ... FROM
     * unnest}: the conflict goes through the primary key without a query plan, where a cached plan for the join, made
     * while the table was small, would go on scanning it as it grows.
     */
    private static final String SAVE = """
      INSERT INTO reaction_state (workspace_id, message_uid, state)
      SELECT workspace_id, message_uid, state
      FROM unnest($1::text[], $2::text[], $3::text[]) AS u(workspace_id, message_uid, state)
      ON CONFLICT (workspace_id, message_uid) DO UPDATE SET state = EXCLUDED.state, updated_at = now()""";

    /**
     * {@link #SAVE} as part of the journal insert ({@code ins}, see {@code Journal.insertSavingStates}), parameters
     * $11..$13, on one condition: every reaction the new states include ($14 of them) was inserted. A reaction the
     * insert left out was a producer's retry, already applied; then the statement fails (SQLSTATE
     * {@value #REACTION_TAKEN}) and the transaction cannot commit the states it brought.
     */
    static final String SAVE_IF_ALL_INSERTED = """
      INSERT INTO reaction_state (workspace_id, message_uid, state)
      SELECT workspace_id, message_uid, state
      FROM unnest($11::text[], $12::text[], $13::text[]) AS u(workspace_id, message_uid, state)
      WHERE CASE WHEN (SELECT count(*) FROM ins WHERE ins.applied) = $14 THEN true ELSE hookline_reaction_taken() END
      ON CONFLICT (workspace_id, message_uid) DO UPDATE SET state = EXCLUDED.state, updated_at = now()""";

    /**
     * The checks and the save of the one-round-trip write ({@code Journal.insertIfStatesUnchanged}), parameters $11,
     * $12 (distinct messages), $13 (their new states) and $15 (the state each was computed from, as the instance last
     * saved it). {@code chk} locks the rows in key order (as {@link #LOCK_FOR_BATCH}'s writes do) and compares each
     * with the expected state, on its latest version once a concurrent writer is done; {@code unchanged} says whether
     * every row is there and unchanged, and only then are the states saved (into the rows already locked). Otherwise
     * nothing is written and the caller reads the states under the lock. A lookup per key, so no cached plan can scan
     * the table.
     */
    static final String SAVE_IF_UNCHANGED = """
      chk AS MATERIALIZED (
        SELECT r.state = u.expected AS same
        FROM (SELECT * FROM unnest($11::text[], $12::text[], $15::text[]) AS u(workspace_id, message_uid, expected)
              ORDER BY workspace_id COLLATE "C", message_uid COLLATE "C") u
        CROSS JOIN LATERAL (SELECT r.state FROM reaction_state r
                            WHERE r.workspace_id = u.workspace_id AND r.message_uid = u.message_uid FOR UPDATE) r),
      unchanged AS MATERIALIZED (
        SELECT count(*) = cardinality($11::text[]) AND coalesce(bool_and(same), false) AS ok FROM chk),
      saved AS (
        INSERT INTO reaction_state (workspace_id, message_uid, state)
        SELECT workspace_id, message_uid, state
        FROM unnest($11::text[], $12::text[], $13::text[]) AS u(workspace_id, message_uid, state)
        WHERE (SELECT ok FROM unchanged)
        ON CONFLICT (workspace_id, message_uid) DO UPDATE SET state = EXCLUDED.state, updated_at = now()
        RETURNING 1)""";

    /** The SQLSTATE of {@code hookline_reaction_taken()} (migration V11). */
    public static final String REACTION_TAKEN = "HL409";

    private ReactionStates() {}

    /**
     * $1 workspace ids, $2 message uids, $3 brought earlier in the batch; returns
     * {@code workspace_id, message_uid, in_journal, state}, see {@link #LOCK_FOR_BATCH}.
     */
    public static Future<RowSet<Row>> lockForBatch(SqlClient conn, Tuple keys) {
        return conn.preparedQuery(LOCK_FOR_BATCH).execute(keys);
    }

    /**
     * Drops a deleted workspace's state, locking rows in key order as {@link #lockForBatch} does, so the two cannot
     * deadlock.
     */
    public static Future<Void> forgetWorkspace(SqlClient conn, String workspaceId) {
        return conn.preparedQuery("""
            DELETE FROM reaction_state r USING (SELECT workspace_id, message_uid FROM reaction_state
                                                WHERE workspace_id = $1 ORDER BY message_uid FOR UPDATE) l
            WHERE r.workspace_id = l.workspace_id AND r.message_uid = l.message_uid""").execute(Tuple.of(workspaceId)).mapEmpty();
    }

    /** $1 workspace ids, $2 message uids, $3 new states. */
    public static Future<RowSet<Row>> save(SqlClient conn, Tuple states) {
        return conn.preparedQuery(SAVE).execute(states);
    }
}
