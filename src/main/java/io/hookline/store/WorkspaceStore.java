package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Workspaces ({@code workspaces}). Creating and deleting one sends {@code NOTIFY hookline_workspaces} with
 * {@code +<id>} or {@code -<id>} in its transaction, so every instance's set of known workspaces follows (PostgreSQL
 * delivers notifications in commit order, so the last word on an id is the one that counts).
 */
public final class WorkspaceStore {

    public static final String CHANNEL = "hookline_workspaces";
    private static final String COLUMNS = "id, name, notification_email, created_at, updated_at, seq";

    /** The workspace's row, if it exists, is locked before the list order's lock ({@link ListOrder#after}). */
    private static final String UPSERT =
            ListOrder.after("SELECT count(*) FROM (SELECT 1 FROM workspaces WHERE id = $1 FOR NO KEY UPDATE) existing")
                    + """
      INSERT INTO workspaces AS w (id, name, notification_email, first_seq)
      SELECT $1, $2, $3, nextval(pg_get_serial_sequence('events', 'seq')) FROM turn
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, notification_email = excluded.notification_email,
        updated_at = greatest(clock_timestamp(), w.updated_at)
      RETURNING %s, (xmax = 0) AS created""".formatted(COLUMNS);

    private static final String PAGE =
            "SELECT " + COLUMNS + " FROM workspaces WHERE seq < $1 ORDER BY seq DESC LIMIT $2";

    private WorkspaceStore() {}

    /** Creates or replaces a workspace; the row has {@code created}. The notice is sent when the caller commits. */
    public static Future<Row> upsert(SqlConnection conn, String id, String name, String notificationEmail) {
        return conn.preparedQuery(UPSERT)
                .execute(Tuple.of(id, name, notificationEmail))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    return row.getBoolean("created") ? announce(conn, "+", id).map(row) : Future.succeededFuture(row);
                });
    }

    /** The workspace's row, or null. */
    public static Future<Row> get(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM workspaces WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    public static Future<Boolean> exists(SqlClient client, String id) {
        return client.preparedQuery("SELECT 1 FROM workspaces WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    /** Newest first, {@code seq} below the page's key. */
    public static Future<RowSet<Row>> page(SqlClient client, Keyset page) {
        return client.preparedQuery(PAGE).execute(Tuple.of(page.before(), page.fetch()));
    }

    /** Every workspace id, for the in-memory set of known workspaces. */
    public static Future<RowSet<Row>> allIds(SqlClient client) {
        return client.query("SELECT id FROM workspaces").execute();
    }

    /**
     * Locks the workspace row until the transaction ends, so nothing is added to it meanwhile (webhook creation locks
     * the same row); false when there is no such workspace.
     */
    public static Future<Boolean> lock(SqlConnection conn, String id) {
        return conn.preparedQuery("SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    /** Deletes the row (its tokens go with it: foreign key) and announces it when the caller commits. */
    public static Future<Void> delete(SqlConnection conn, String id) {
        return conn.preparedQuery("DELETE FROM workspaces WHERE id = $1")
                .execute(Tuple.of(id))
                .compose(v -> announce(conn, "-", id));
    }

    private static Future<Void> announce(SqlConnection conn, String sign, String id) {
        return conn.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CHANNEL, sign + id))
                .mapEmpty();
    }
}
