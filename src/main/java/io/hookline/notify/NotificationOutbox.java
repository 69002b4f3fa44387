package io.hookline.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** Writes notification mails into the outbox table, inside the caller's transaction. */
public final class NotificationOutbox {

  private NotificationOutbox() {
  }

  /**
   * Queues the mail for the workspace's {@code notification_email}. Without an address the row is still stored,
   * with status {@code no_recipient}, so the notification is visible in the API.
   */
  public static Future<Void> add(SqlConnection conn, DisableNotice notice) {
    return conn.preparedQuery("""
            INSERT INTO notifications (workspace_id, kind, webhook_id, to_address, subject, body, status, last_error)
            SELECT w.id, $2, $3, w.notification_email, $4, $5,
                   CASE WHEN w.notification_email IS NULL THEN 'no_recipient' ELSE 'pending' END,
                   CASE WHEN w.notification_email IS NULL THEN 'the workspace has no notification_email' END
            FROM workspaces w WHERE w.id = $1""")
        .execute(Tuple.of(notice.workspaceId(), DisableNotice.KIND, java.util.UUID.fromString(notice.webhookId()),
            notice.subject(), notice.body()))
        .mapEmpty();
  }
}
