package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Workspace tokens ({@code workspace_tokens}): stored only as the SHA-256 hash of the token, found by that hash. */
public final class TokenStore {

    /** Nothing is inserted for a workspace that does not exist (or is being deleted). */
    private static final String INSERT = ListOrder.after("SELECT 1 FROM workspaces WHERE id = $2 FOR KEY SHARE") + """
      INSERT INTO workspace_tokens (id, workspace_id, name, token_hash)
      SELECT $1, $2, $3, $4 FROM turn RETURNING created_at""";

    private static final String PAGE = """
      SELECT id, name, created_at, seq FROM workspace_tokens WHERE workspace_id = $1 AND seq < $2
      ORDER BY seq DESC LIMIT $3""";

    /** PostgreSQL's foreign_key_violation: the workspace was deleted between the check and the insert. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private TokenStore() {}

    /** Stores a new token's hash; the row ({@code created_at}) or null when the workspace does not exist. */
    public static Future<Row> insert(SqlClient client, UUID id, String workspaceId, String name, byte[] hash) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(id, workspaceId, name, Buffer.buffer(hash)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
                .recover(err -> err instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
                        ? Future.succeededFuture(null)
                        : Future.failedFuture(err));
    }

    /** The workspace's tokens (never the token), newest first. */
    public static Future<RowSet<Row>> page(SqlClient client, String workspaceId, Keyset page) {
        return client.preparedQuery(PAGE).execute(Tuple.of(workspaceId, page.before(), page.fetch()));
    }

    /** Revokes a token; false when the workspace has no such token. */
    public static Future<Boolean> delete(SqlClient client, String workspaceId, UUID id) {
        return client.preparedQuery("DELETE FROM workspace_tokens WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspaceId, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The token's {@code workspace_id} and {@code name}, or null when no token has this hash. */
    public static Future<Row> findByHash(SqlClient client, byte[] hash) {
        return client.preparedQuery("SELECT workspace_id, name FROM workspace_tokens WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(hash)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }
}
