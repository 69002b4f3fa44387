package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The outbox of notification mails ({@code notifications}): rows are written in the transaction that decides a mail
 * is due, claimed by one instance at a time, and marked with their outcome.
 */
public final class NotificationOutbox {

    /** Without a {@code notification_email} the row is still stored, as {@code no_recipient}, for the API to show. */
    private static final String INSERT = ListOrder.TURN + """
      INSERT INTO notifications (workspace_id, kind, webhook_id, to_address, subject, body, status, last_error)
      SELECT w.id, $2, $3, w.notification_email, $4, $5,
             CASE WHEN w.notification_email IS NULL THEN 'no_recipient' ELSE 'pending' END,
             CASE WHEN w.notification_email IS NULL THEN 'the workspace has no notification_email' END
      FROM turn, workspaces w WHERE w.id = $1""";

    private static final String PAGE = """
      SELECT id, kind, webhook_id, to_address, subject, status, attempts, last_error, created_at, sent_at
      FROM notifications WHERE workspace_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3""";

    /**
     * Due mails nobody holds, claimed for two minutes; several instances never take the same one. A claim whose
     * instance stopped is free at once: its sends ended with it.
     */
    private static final String CLAIM = """
      UPDATE notifications SET claimed_by = $1, claimed_until = now() + interval '2 minutes'
      WHERE id IN (SELECT id FROM notifications n
                   WHERE status = 'pending' AND next_attempt_at <= now()
                     AND (claimed_until IS NULL OR claimed_until < now()
                          OR EXISTS (SELECT 1 FROM instances i WHERE i.id = n.claimed_by AND i.stopped_at IS NOT NULL))
                   ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace_id, kind, webhook_id, to_address, subject, body, attempts""";

    /**
     * Keeps {@code $1} claimed by {@code $2} for two more minutes, while its send lasts; no row when the claim is no
     * longer this instance's (it lapsed and another took it): then it must not be sent here.
     */
    private static final String RENEW = """
      UPDATE notifications SET claimed_until = now() + interval '2 minutes'
      WHERE id = $1 AND claimed_by = $2 AND status = 'pending' RETURNING id""";

    /** Records an outcome and releases the claim; a retry waits 2^attempts seconds, at most {@code $5}. */
    private static final String FINISH = """
      UPDATE notifications SET status = $2, attempts = attempts + 1, last_error = $3,
        sent_at = CASE WHEN $2 = 'sent' THEN now() END, claimed_by = NULL, claimed_until = NULL,
        next_attempt_at = CASE WHEN $4 THEN now() + make_interval(secs => least(power(2, attempts), $5))
                               ELSE next_attempt_at END
      WHERE id = $1 AND claimed_by = $6""";

    /** Finished notifications older than the cutoff, oldest first, a batch at a time (see {@link Retention}). */
    static final String PURGE = """
      DELETE FROM notifications WHERE id IN (
        SELECT id FROM notifications WHERE created_at < $1 AND status <> 'pending' ORDER BY id LIMIT $2)""";

    private NotificationOutbox() {}

    /** Queues a mail to the workspace's {@code notification_email}, in the caller's transaction. */
    public static Future<Void> add(
            SqlClient client, String workspaceId, String kind, UUID webhookId, String subject, String body) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(workspaceId, kind, webhookId, subject, body))
                .mapEmpty();
    }

    /** The workspace's notifications, newest first. */
    public static Future<RowSet<Row>> page(SqlClient client, String workspaceId, Keyset page) {
        return client.preparedQuery(PAGE).execute(Tuple.of(workspaceId, page.before(), page.fetch()));
    }

    public static Future<RowSet<Row>> claim(SqlClient client, UUID instanceId) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(instanceId));
    }

    /** True while {@code instanceId} holds the claim on {@code id}, now for two more minutes. */
    public static Future<Boolean> renew(SqlClient client, long id, UUID instanceId) {
        return client.preparedQuery(RENEW).execute(Tuple.of(id, instanceId)).map(rows -> rows.size() > 0);
    }

    /** Records the outcome of {@code instanceId}'s send, unless its claim was taken over meanwhile. */
    public static Future<Void> finish(
            SqlClient client,
            long id,
            UUID instanceId,
            String status,
            String error,
            boolean retry,
            int maxBackoffSeconds) {
        return client.preparedQuery(FINISH)
                .execute(Tuple.of(id, status, error, retry, maxBackoffSeconds, instanceId))
                .mapEmpty();
    }
}
