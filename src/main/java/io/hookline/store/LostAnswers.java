package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Whether a write whose answer was lost committed ({@link StorageErrors#answerMayBeLost}): PostgreSQL may have
 * committed it and lost only the answer when the connection broke. Each write is recognised by what only it can
 * have stored, so a row that was there before it (a producer's retry of an earlier event) is not taken for its own.
 */
public final class LostAnswers {

    /**
     * The journal rows one group-commit write stored, in the shape of its {@code RETURNING} ({@code seq,
     * workspace_id, id}, in insertion order): the producer ids it wrote ($1 workspaces, $2 ids), with its
     * {@code received_at} ($3) and its instance's number ($4). Found by the producer-id index.
     */
    private static final String JOURNAL_ROWS = """
      SELECT e.seq, e.workspace_id, e.id
      FROM unnest($1::text[], $2::text[]) AS k(workspace_id, id)
      JOIN events e ON e.workspace_id = k.workspace_id AND e.id = k.id
      WHERE e.received_at = $3 AND e.owner = $4
      ORDER BY e.seq""";

    /**
     * Whether an attempt is stored: its webhook, event and the microsecond it was made at name it (found by the
     * event's index of the attempts).
     */
    private static final String ATTEMPT_STORED =
            "SELECT 1 FROM attempts WHERE event_seq = $1 AND webhook_id = $2 AND attempted_at = $3 LIMIT 1";

    private LostAnswers() {}

    public static Future<RowSet<Row>> journalRows(
            SqlClient client, String[] workspaces, String[] ids, OffsetDateTime receivedAt, int owner) {
        return client.preparedQuery(JOURNAL_ROWS).execute(Tuple.of(workspaces, ids, receivedAt, owner));
    }

    public static Future<Boolean> attemptStored(
            SqlClient client, long eventSeq, UUID webhookId, OffsetDateTime attemptedAt) {
        return client.preparedQuery(ATTEMPT_STORED)
                .execute(Tuple.of(eventSeq, webhookId, attemptedAt))
                .map(rows -> rows.size() > 0);
    }
}
