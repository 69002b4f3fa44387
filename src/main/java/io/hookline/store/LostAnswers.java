package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Whether a write whose answer was lost committed ({@link StorageErrors#answerMayBeLost}): PostgreSQL may have
 * committed it and lost only the answer when the connection broke. Asked only once the write's backend has ended
 * ({@link #backendEnded}), so that the answer is final. Each write is recognised by what only it can
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

    /**
     * The backend $1 started at $2, if it is still there: it is told to terminate, which rolls back whatever it has
     * not committed yet; unless it waits for a synchronous standby, when its commit is already in the local log and
     * terminating it would make that commit visible without the standby having it (review): it is waited for then.
     */
    private static final String END_BACKEND = """
      SELECT CASE WHEN a.wait_event = 'SyncRep' THEN false ELSE pg_terminate_backend(a.pid) END
      FROM pg_stat_activity a WHERE a.pid = $1 AND a.backend_start = $2 AND a.pid <> pg_backend_pid()""";

    private static final long END_POLL_MS = 50;
    /** Looks, 50 ms apart, before a backend still there counts as an outage (about a second). */
    private static final int END_TRIES = 20;

    private LostAnswers() {}

    /**
     * Completes once {@code backend} is gone. A backend whose client went away goes on with what it was running until
     * it next writes to the connection, so a write still under way could commit after a lookup found nothing
     * (review); it is terminated instead, and waited for. A backend whose identity was not learnt cannot be waited
     * for: the lookup then comes at once. Fails with a {@link TimeoutException} (an outage: asked again later) when it
     * is still there after about a second of looks 50 ms apart.
     */
    public static Future<Void> backendEnded(Vertx vertx, SqlClient client, Backends.Backend backend) {
        return backendEnded(vertx, client, backend, END_TRIES);
    }

    private static Future<Void> backendEnded(Vertx vertx, SqlClient client, Backends.Backend backend, int tries) {
        if (backend.started() == null) {
            return Future.succeededFuture();
        }
        return client.preparedQuery(END_BACKEND)
                .execute(Tuple.of(backend.pid(), backend.started()))
                .compose(running -> {
                    if (running.size() == 0) {
                        return Future.succeededFuture();
                    }
                    return tries <= 1
                            ? Future.failedFuture(
                                    new TimeoutException("PostgreSQL backend " + backend.pid() + " is still there"))
                            : vertx.timer(END_POLL_MS).compose(v -> backendEnded(vertx, client, backend, tries - 1));
                });
    }

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
