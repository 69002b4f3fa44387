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
     * Creates missing state rows and locks all of them, in key order so concurrent batches cannot deadlock, and
     * returns the current state. The no-op update is what takes the lock on rows that already exist.
     */
    private static final String LOCK =
            """
      INSERT INTO reaction_state (workspace_id, message_uid, state)
      SELECT workspace_id, message_uid, '' FROM unnest($1::text[], $2::text[]) AS k(workspace_id, message_uid)
      ORDER BY workspace_id, message_uid
      ON CONFLICT (workspace_id, message_uid) DO UPDATE SET updated_at = reaction_state.updated_at
      RETURNING workspace_id, message_uid, state""";

    /**
     * The new states of the rows {@link #LOCK} locked. An upsert rather than {@code UPDATE ... FROM unnest}: the
     * conflict goes through the primary key without a query plan, where a cached plan for the join, made while the
     * table was small, would go on scanning it as it grows.
     */
    private static final String SAVE =
            """
      INSERT INTO reaction_state (workspace_id, message_uid, state)
      SELECT workspace_id, message_uid, state
      FROM unnest($1::text[], $2::text[], $3::text[]) AS u(workspace_id, message_uid, state)
      ON CONFLICT (workspace_id, message_uid) DO UPDATE SET state = EXCLUDED.state, updated_at = now()""";

    private ReactionStates() {}

    /** $1 workspace ids, $2 message uids; returns {@code workspace_id, message_uid, state}. */
    public static Future<RowSet<Row>> lock(SqlClient conn, Tuple keys) {
        return conn.preparedQuery(LOCK).execute(keys);
    }

    /** Drops a deleted workspace's state, locking rows in key order as {@link #lock} does, so the two cannot deadlock. */
    public static Future<Void> forgetWorkspace(SqlClient conn, String workspaceId) {
        return conn.preparedQuery(
                        """
            DELETE FROM reaction_state r USING (SELECT workspace_id, message_uid FROM reaction_state
                                                WHERE workspace_id = $1 ORDER BY message_uid FOR UPDATE) l
            WHERE r.workspace_id = l.workspace_id AND r.message_uid = l.message_uid""")
                .execute(Tuple.of(workspaceId))
                .mapEmpty();
    }

    /** $1 workspace ids, $2 message uids, $3 new states. */
    public static Future<RowSet<Row>> save(SqlClient conn, Tuple states) {
        return conn.preparedQuery(SAVE).execute(states);
    }
}
