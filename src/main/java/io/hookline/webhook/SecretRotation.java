package io.hookline.webhook;

import io.hookline.http.Times;
import io.hookline.store.Transactions;
import io.hookline.store.WebhookRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * Secret rotation with overlap: a new secret signs from now on, and the one it replaces keeps signing
 * next to it until the overlap ends. Rotating again during an overlap retires the older secret at once: only the two
 * newest ever sign. One transaction with the audit entry ({@code webhook.secret_rotated}, never a secret) and the
 * change notification, so every instance signs with the new pair right after.
 */
public final class SecretRotation {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public static final int MAX_OVERLAP_SECONDS = 604_800;
    public static final int DEFAULT_OVERLAP_SECONDS = 86_400;

    private final Pool pool;
    private final Subscriptions subscriptions;

    public SecretRotation(Pool pool, Subscriptions subscriptions) {
        this.pool = pool;
        this.subscriptions = subscriptions;
    }

    /** Rotates; the result is {@code {"id", "secret", "previous_secret_expires_at"}}. */
    public Future<JsonObject> rotate(String workspaceId, UUID id, int overlapSeconds, String actor) {
        String secret = newSecret();
        return Transactions.retryingConflicts(
                        pool,
                        conn -> WebhookRows.lockForRotation(conn, workspaceId, id)
                                .compose(rows -> {
                                    if (rows.size() == 0) {
                                        return Future.failedFuture(WebhookStore.notFound(workspaceId, id));
                                    }
                                    JsonObject before = audited(rows.iterator().next());
                                    return WebhookRows.rotate(conn, workspaceId, id, secret, overlapSeconds)
                                            .compose(row -> {
                                                JsonObject after = audited(row);
                                                return WebhookChanges.changed(
                                                                conn,
                                                                workspaceId,
                                                                actor,
                                                                "webhook.secret_rotated",
                                                                id,
                                                                before,
                                                                after)
                                                        .map(new JsonObject()
                                                                .put("id", id.toString())
                                                                .put("secret", secret)
                                                                .put(
                                                                        "previous_secret_expires_at",
                                                                        Times.iso(row.getOffsetDateTime(
                                                                                "previous_secret_expires_at"))));
                                            });
                                }))
                .compose(result -> subscriptions.reloadWorkspace(workspaceId).map(result));
    }

    /** The webhook as the audit log keeps it: no secret, but when the previous one stops signing. */
    private static JsonObject audited(Row row) {
        return WebhookJson.fromRow(row)
                .put("previous_secret_expires_at", Times.iso(row.getOffsetDateTime("previous_secret_expires_at")));
    }

    /** A new signing secret: {@code whsec_} and 256 random bits, base64 (Standard Webhooks). */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
    }
}
