package io.hookline.webhook;

import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.store.Keyset;
import io.hookline.store.ReactionFolds;
import io.hookline.store.Transactions;
import io.hookline.store.WebhookRows;
import io.hookline.store.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Webhook definitions in PostgreSQL (their rows: {@link WebhookRows}). Every change is one transaction that also
 * writes the audit entry and a {@code NOTIFY} for the other instances; this instance's cache is refreshed before the
 * call returns, so an event sent right after a successful create is fanned out to the new webhook.
 */
public final class WebhookStore {

    private final Pool pool;
    private final Subscriptions subscriptions;
    private final int maxPerWorkspace;
    private final int retentionDays;

    public WebhookStore(Pool pool, Subscriptions subscriptions, int maxPerWorkspace, int retentionDays) {
        this.pool = pool;
        this.subscriptions = subscriptions;
        this.maxPerWorkspace = maxPerWorkspace;
        this.retentionDays = retentionDays;
    }

    /**
     * The values of a new or changed webhook, already validated. {@code resetErrors}: the caller asked for
     * {@code "enabled": true}, which always starts the failure count afresh.
     */
    public record Definition(
            String url,
            List<String> eventTypes,
            String format,
            boolean enabled,
            boolean resetErrors,
            String filter,
            int reactionWindowMs) {

        /** The first type: the {@code event_type} column and field. */
        public String eventType() {
            return eventTypes.get(0);
        }

        WebhookRows.Fields fields() {
            return new WebhookRows.Fields(
                    url,
                    eventType(),
                    format,
                    enabled,
                    resetErrors,
                    eventTypes.toArray(String[]::new),
                    filter,
                    reactionWindowMs);
        }
    }

    /** Creates a webhook; the result carries its {@code secret}, shown here and by GET .../secret only. */
    public Future<JsonObject> create(String workspaceId, Definition def, String actor) {
        UUID id = UUID.randomUUID();
        String secret = SecretRotation.newSecret();
        return Transactions.retryingConflicts(
                        pool,
                        conn -> WorkspaceStore.lock(conn, workspaceId)
                                .compose(found -> {
                                    if (!found) {
                                        return Future.failedFuture(ApiException.notFound(
                                                "Workspace '" + workspaceId + "' does not exist."));
                                    }
                                    return WebhookRows.count(conn, workspaceId);
                                })
                                .compose(count -> {
                                    if (count >= maxPerWorkspace) {
                                        return Future.failedFuture(new ApiException(
                                                409,
                                                "webhook_limit_reached",
                                                "Workspace '"
                                                        + workspaceId + "' already has " + maxPerWorkspace
                                                        + " webhooks, the most allowed; delete one "
                                                        + "to add another."));
                                    }
                                    return WebhookRows.insert(conn, id, workspaceId, secret, def.fields());
                                })
                                .compose(row -> {
                                    JsonObject created = WebhookJson.fromRow(row);
                                    return WebhookChanges.changed(
                                                    conn, workspaceId, actor, "webhook.created", id, null, created)
                                            .map(created);
                                }))
                .compose(created -> subscriptions.reloadWorkspace(workspaceId).map(created))
                .compose(created -> get(workspaceId, id).map(full -> full.put("secret", secret)));
    }

    /** The workspace's webhooks with stats and {@code seq}, newest first: one keyset page. */
    public Future<RowSet<Row>> page(String workspaceId, Keyset page) {
        return WebhookRows.page(pool, workspaceId, page, retentionDays);
    }

    /** The webhook with stats, or a 404 failure. */
    public Future<JsonObject> get(String workspaceId, UUID id) {
        return WebhookRows.withStats(pool, workspaceId, id, retentionDays)
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(notFound(workspaceId, id))
                        : Future.succeededFuture(
                                WebhookJson.withStats(rows.iterator().next())));
    }

    public Future<Boolean> exists(String workspaceId, UUID id) {
        return WebhookRows.exists(pool, workspaceId, id);
    }

    /** The webhook as delivery sees it (with its secret), or a 404 failure. */
    public Future<WebhookRef> find(String workspaceId, UUID id) {
        return WebhookRows.ref(pool, workspaceId, id)
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(notFound(workspaceId, id))
                        : Future.succeededFuture(
                                Subscriptions.fromRow(rows.iterator().next())));
    }

    public Future<String> secret(String workspaceId, UUID id) {
        return WebhookRows.secret(pool, workspaceId, id)
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(notFound(workspaceId, id))
                        : Future.succeededFuture(rows.iterator().next().getString("secret")));
    }

    /**
     * Applies a change computed from the current row. Enabling resets {@code errors_counter} and the disabled
     * fields; disabling by hand records {@code disabled_reason: "manual"}.
     */
    public Future<JsonObject> update(
            String workspaceId, UUID id, java.util.function.Function<Row, Definition> change, String actor) {
        return Transactions.retryingConflicts(
                        pool,
                        conn -> WebhookRows.lock(conn, workspaceId, id).compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.failedFuture(notFound(workspaceId, id));
                            }
                            Row current = rows.iterator().next();
                            JsonObject before = WebhookJson.fromRow(current);
                            Definition def = change.apply(current);
                            return WebhookRows.update(conn, workspaceId, id, def.fields())
                                    .compose(updated -> {
                                        JsonObject after = WebhookJson.fromRow(
                                                updated.iterator().next());
                                        return sameBesidesUpdatedAt(before, after)
                                                ? Future.failedFuture(new Unchanged())
                                                : WebhookChanges.changed(
                                                                conn,
                                                                workspaceId,
                                                                actor,
                                                                "webhook.updated",
                                                                id,
                                                                before,
                                                                after)
                                                        .compose(v -> foldsWithin(conn, id, before, after));
                                    });
                        }))
                .compose(v -> subscriptions.reloadWorkspace(workspaceId))
                .recover(err -> err instanceof Unchanged ? Future.succeededFuture() : Future.failedFuture(err))
                .compose(v -> get(workspaceId, id));
    }

    /** A shorter reaction window also closes the folds already open (see {@link ReactionFolds#closeWithin}). */
    private static Future<Void> foldsWithin(SqlConnection conn, UUID id, JsonObject before, JsonObject after) {
        int window = after.getInteger("reaction_window_ms");
        return window < before.getInteger("reaction_window_ms")
                ? ReactionFolds.closeWithin(conn, id, window)
                : Future.succeededFuture();
    }

    /**
     * An update that changes nothing (an empty PATCH, or the values the webhook already has) is rolled back: no audit
     * entry, no new {@code updated_at}, no change notice to the other instances.
     */
    private static final class Unchanged extends RuntimeException {
        Unchanged() {
            super("the update changes nothing", null, false, false);
        }
    }

    private static boolean sameBesidesUpdatedAt(JsonObject before, JsonObject after) {
        JsonObject a = before.copy();
        JsonObject b = after.copy();
        a.remove("updated_at");
        b.remove("updated_at");
        return a.equals(b);
    }

    public Future<Void> delete(String workspaceId, UUID id, String actor) {
        return Transactions.retryingConflicts(
                        pool,
                        conn -> WebhookRows.delete(conn, workspaceId, id)
                                .compose(rows -> rows.size() == 0
                                        ? Future.failedFuture(notFound(workspaceId, id))
                                        : WebhookChanges.changed(
                                                conn,
                                                workspaceId,
                                                actor,
                                                "webhook.deleted",
                                                id,
                                                WebhookJson.fromRow(
                                                        rows.iterator().next()),
                                                null)))
                .compose(v -> subscriptions.reloadWorkspace(workspaceId));
    }

    /**
     * Of these workspaces, those whose enabled webhooks in the database are not all in {@code cache}: a webhook created
     * on another instance whose change notification has not arrived yet.
     */
    public Future<Set<String>> staleWorkspaces(String[] workspaceIds, Subscriptions cache) {
        return WebhookRows.enabledTypes(pool, workspaceIds).map(rows -> {
            Set<String> stale = new HashSet<>();
            for (Row row : rows) {
                WebhookEventType type =
                        WebhookEventType.fromWire(row.getString("event_type")).orElseThrow();
                if (!cache.hasSubscriber(row.getString("workspace_id"), List.of(type))) {
                    stale.add(row.getString("workspace_id"));
                }
            }
            return stale;
        });
    }

    /** Enabled, and the failures in a row the database has counted; for a lane's verdict. */
    public record FailureState(boolean enabled, int errorsCounter) {}

    /** The webhook's failure state now, or null when it no longer exists. */
    public Future<FailureState> failureState(UUID id) {
        return WebhookRows.failureState(pool, id)
                .map(rows -> rows.size() == 0
                        ? null
                        : new FailureState(
                                rows.iterator().next().getBoolean("enabled"),
                                rows.iterator().next().getInteger("errors_counter")));
    }

    public static ApiException notFound(String workspaceId, UUID id) {
        return ApiException.notFound("Workspace '" + workspaceId + "' has no webhook " + id + ".");
    }
}
