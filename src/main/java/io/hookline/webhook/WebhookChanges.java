package io.hookline.webhook;

import io.hookline.store.AuditLog;
import io.hookline.store.ReactionFolds;
import io.hookline.store.WebhookRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What every change to a webhook does inside its transaction: the audit entry, its folds, the change notice. */
public final class WebhookChanges {

    private WebhookChanges() {}

    /**
     * Writes the audit entry and tells every instance to reload this workspace's webhooks (after commit). A webhook that
     * stops taking deliveries (disabled, by hand or automatically, or deleted) drops its open folds in the same breath.
     */
    public static Future<Void> changed(
            SqlConnection conn,
            String workspaceId,
            String actor,
            String action,
            UUID webhookId,
            JsonObject before,
            JsonObject after) {
        return AuditLog.record(
                        conn,
                        workspaceId,
                        actor,
                        action,
                        webhookId,
                        before == null ? null : before.encode(),
                        after == null ? null : after.encode())
                .compose(v -> stopsTaking(before, after)
                        ? ReactionFolds.dropOpen(conn, new UUID[] {webhookId})
                        : Future.succeededFuture())
                .compose(v -> WebhookRows.announce(conn, workspaceId));
    }

    /** Disabled, or deleted (a disabled webhook too: a fold claimed when it was disabled may be open again). */
    private static boolean stopsTaking(JsonObject before, JsonObject after) {
        return before != null && (after == null || (before.getBoolean("enabled") && !after.getBoolean("enabled")));
    }

    /**
     * Deletes every webhook of a workspace that is being deleted, each with its {@code webhook.deleted} audit entry, and
     * tells every instance (after commit), whose lanes then stop sending to them.
     */
    public static Future<Void> deleteAll(SqlConnection conn, String workspaceId, String actor) {
        return WebhookRows.deleteAll(conn, workspaceId)
                .compose(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    List<String> befores = new ArrayList<>();
                    rows.forEach(row -> {
                        ids.add(row.getUUID("id"));
                        befores.add(WebhookJson.fromRow(row).encode());
                    });
                    // the audit entries before the folds, as in changed(): the list order's lock, then the fold
                    // claimer's, in every transaction that takes both, so two of them cannot deadlock
                    return ids.isEmpty()
                            ? Future.<Void>succeededFuture()
                            : AuditLog.recordAll(
                                            conn,
                                            workspaceId,
                                            actor,
                                            "webhook.deleted",
                                            ids.toArray(UUID[]::new),
                                            befores.toArray(String[]::new))
                                    .compose(v -> ReactionFolds.dropOpen(conn, ids.toArray(UUID[]::new)));
                })
                .compose(v -> WebhookRows.announce(conn, workspaceId));
    }
}
