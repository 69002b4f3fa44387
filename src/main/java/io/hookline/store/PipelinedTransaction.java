package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

/**
 * {@code BEGIN}, {@code COMMIT} and {@code ROLLBACK} as plain statements, so they can be pipelined with the statements
 * of the transaction on one connection: the client's transaction API waits for the answer to {@code BEGIN} before the
 * next statement goes out, and sends {@code COMMIT} only once the last one has answered. A statement that fails leaves
 * the transaction aborted, and a {@code COMMIT} sent behind it rolls back. The caller must end every transaction it
 * begins before the connection goes back to the pool: the pool does not know about it.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {}

    public static Future<RowSet<Row>> begin(SqlConnection conn) {
        return conn.query("BEGIN").execute();
    }

    public static Future<RowSet<Row>> commit(SqlConnection conn) {
        return conn.query("COMMIT").execute();
    }

    public static Future<RowSet<Row>> rollback(SqlConnection conn) {
        return conn.query("ROLLBACK").execute();
    }
}
