package io.hookline.recovery;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Times;
import io.hookline.store.Keyset;
import io.hookline.store.RecoveryStore;
import io.hookline.webhook.WebhookRef;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Recovery jobs as the management API sees them: start one for a webhook (one running per webhook, only
 * for an enabled webhook, within the retention window), read them, cancel one. {@link RecoveryVerticle} runs them.
 */
public final class Recoveries {

    private final Pool pool;
    private final WebhookStore webhooks;
    private final Clock clock;
    private final int retentionDays;

    /** How far ahead of this instance's clock an {@code until} may be (the caller's clock may run a little ahead). */
    private static final Duration FUTURE_GRACE = Duration.ofMinutes(1);

    public Recoveries(Pool pool, WebhookStore webhooks, Clock clock, int retentionDays) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.clock = clock;
        this.retentionDays = retentionDays;
    }

    /** Starts a recovery of {@code [since, until)}; {@code until} null means now. */
    public Future<JsonObject> start(String workspaceId, UUID webhookId, OffsetDateTime since, OffsetDateTime until) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = until != null ? until : now;
        ApiException badWindow = windowProblem(since, end, now);
        if (badWindow != null) {
            return Future.failedFuture(badWindow);
        }
        return webhooks.find(workspaceId, webhookId).compose(webhook -> {
            if (!webhook.enabled()) {
                return Future.failedFuture(Resend.disabled(webhookId));
            }
            return RecoveryStore.create(
                            pool,
                            UUID.randomUUID(),
                            workspaceId,
                            webhookId,
                            webhook.eventTypes(),
                            since,
                            end,
                            Recoveries.created(webhook))
                    .recover(err -> Future.failedFuture(refused(err, workspaceId, webhookId)))
                    .compose(rows -> rows.size() == 0 // deleted since it was looked up
                            ? Future.failedFuture(WebhookStore.notFound(workspaceId, webhookId))
                            : Future.succeededFuture(json(rows.iterator().next())));
        });
    }

    /** A job already running (23505), or the webhook deleted since it was looked up (23503: a 500 before, review). */
    private static Throwable refused(Throwable err, String workspaceId, UUID webhookId) {
        if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return new ApiException(
                    409,
                    "recovery_running",
                    "Webhook " + webhookId + " already has a running recovery; wait for it or cancel it (DELETE"
                            + " .../recoveries/{id}).");
        }
        if (err instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return WebhookStore.notFound(workspaceId, webhookId);
        }
        return err;
    }

    /** When the webhook was created, as the due events' bound reads it. */
    static RecoveryStore.Created created(WebhookRef webhook) {
        return new RecoveryStore.Created(webhook.createdAt(), webhook.createdSeq());
    }

    /** Why {@code [since, end)} cannot be recovered, or null. */
    private ApiException windowProblem(OffsetDateTime since, OffsetDateTime end, OffsetDateTime now) {
        if (end.isAfter(now.plus(FUTURE_GRACE))) {
            // the job covers what was received when it starts: a later until would be echoed but mean nothing
            return ApiException.invalid(
                    "until is in the future.",
                    List.of(new Violation("until", "must not be in the future: leave it out to mean now")));
        }
        if (!since.isBefore(end)) {
            return ApiException.invalid(
                    "since must be before until.",
                    List.of(new Violation("since", "must be before until (" + Times.iso(end) + ")")));
        }
        if (since.isBefore(now.minus(Duration.ofDays(retentionDays)))) {
            return ApiException.invalid(
                    "since is outside the retention window.",
                    List.of(new Violation(
                            "since",
                            "must not be more than " + retentionDays + " days ago (HOOKLINE_LOG_RETENTION_DAYS)")));
        }
        return null;
    }

    public Future<RowSet<Row>> page(String workspaceId, UUID webhookId, Keyset page) {
        return existing(workspaceId, webhookId).compose(v -> RecoveryStore.page(pool, webhookId, page));
    }

    public Future<JsonObject> get(String workspaceId, UUID webhookId, UUID id) {
        return existing(workspaceId, webhookId)
                .compose(v -> RecoveryStore.one(pool, webhookId, id))
                .compose(this::one);
    }

    /** Cancels a running recovery; one that already ended is answered as it is. */
    public Future<JsonObject> cancel(String workspaceId, UUID webhookId, UUID id) {
        return existing(workspaceId, webhookId)
                .compose(v -> RecoveryStore.one(pool, webhookId, id))
                .compose(this::one)
                .compose(current -> RecoveryStore.finish(pool, id, "cancelled"))
                .compose(rows -> rows.size() > 0
                        ? Future.succeededFuture(json(rows.iterator().next()))
                        : RecoveryStore.one(pool, webhookId, id).compose(this::one));
    }

    private Future<Void> existing(String workspaceId, UUID webhookId) {
        return webhooks.exists(workspaceId, webhookId)
                .compose(found -> found
                        ? Future.succeededFuture()
                        : Future.failedFuture(ApiException.notFound(
                                "Workspace '" + workspaceId + "' has no webhook " + webhookId + ".")));
    }

    private Future<JsonObject> one(RowSet<Row> rows) {
        return rows.size() == 0
                ? Future.failedFuture(ApiException.notFound("No such recovery of this webhook."))
                : Future.succeededFuture(json(rows.iterator().next()));
    }

    public static JsonObject json(Row r) {
        return new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("webhook_id", r.getUUID("webhook_id").toString())
                .put("status", r.getString("status"))
                .put("since", Times.iso(r.getOffsetDateTime("since")))
                .put("until", Times.iso(r.getOffsetDateTime("until")))
                .put("total", r.getInteger("total"))
                .put("sent", r.getInteger("sent"))
                .put("succeeded", r.getInteger("succeeded"))
                .put("failed", r.getInteger("failed"))
                .put("created_at", Times.iso(r.getOffsetDateTime("created_at")))
                .put("finished_at", Times.iso(r.getOffsetDateTime("finished_at")));
    }
}
