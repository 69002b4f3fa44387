package io.hookline.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Queues notification mails inside the caller's transaction. The SQL lives in {@link io.hookline.store.NotificationOutbox}
 * (the table's one home); this entry point stays for the failure policy, which builds a {@link DisableNotice}.
 */
public final class NotificationOutbox {

    private NotificationOutbox() {}

    /** Queues the mail for the workspace's {@code notification_email} (stored as {@code no_recipient} without one). */
    public static Future<Void> add(SqlConnection conn, DisableNotice notice) {
        return io.hookline.store.NotificationOutbox.add(
                conn,
                notice.workspaceId(),
                DisableNotice.KIND,
                UUID.fromString(notice.webhookId()),
                notice.subject(),
                notice.body());
    }

    /** Queues the warning that a webhook is failing. */
    public static Future<Void> add(SqlConnection conn, FailingNotice notice) {
        return io.hookline.store.NotificationOutbox.add(
                conn,
                notice.workspaceId(),
                FailingNotice.KIND,
                UUID.fromString(notice.webhookId()),
                notice.subject(),
                notice.body());
    }
}
