package io.hookline.recovery;

import io.hookline.delivery.AttemptRecord;
import io.hookline.delivery.DirectSends;
import io.hookline.delivery.Trigger;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.store.AttemptLog;
import io.hookline.store.Journal;
import io.hookline.store.StoredEvent;
import io.hookline.webhook.WebhookRef;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * Resend one event to one webhook now: rendered for that webhook, with the event's own
 * {@code webhook-id}, through the webhook's lane, so it counts like a delivery (failure run, auto-disable, stats).
 */
public final class Resend {

    /** The stored attempt and its id, for the answer. */
    public record Sent(long id, AttemptRecord attempt) {}

    private final Pool pool;
    private final WebhookStore webhooks;
    private final DirectSends sends;

    public Resend(Pool pool, WebhookStore webhooks, DirectSends sends) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.sends = sends;
    }

    public Future<Sent> run(String workspaceId, UUID webhookId, String eventId) {
        return webhooks.find(workspaceId, webhookId)
                .compose(webhook -> Journal.byProducerId(pool, workspaceId, eventId)
                        .compose(rows -> {
                            // an event of an earlier workspace with this id (deleted and created again) is not
                            // this workspace's to send
                            if (rows.size() == 0
                                    || Boolean.TRUE.equals(
                                            rows.iterator().next().getBoolean("before_workspace"))) {
                                return Future.failedFuture(
                                        ApiException.notFound("Workspace '" + workspaceId + "' has no event '" + eventId
                                                + "' (events are kept for the log retention period)."));
                            }
                            Row row = rows.iterator().next();
                            AcceptedEvent event = row.getString("fires") == null ? null : StoredEvent.from(row);
                            WebhookEventType type = event == null ? null : Resendable.typeFor(webhook, event);
                            if (type == null) {
                                return Future.failedFuture(new ApiException(
                                        422,
                                        "event_not_deliverable",
                                        "Event '" + eventId
                                                + "' is not one webhook " + webhookId + " takes: "
                                                + (event == null
                                                        ? "the rules skip it (" + row.getString("skip_reason") + ")."
                                                        : webhook.firedType(event.types()) != null
                                                                ? "its filter rejects it."
                                                                : "it matches none of its event types.")));
                            }
                            if (!webhook.enabled()) {
                                return Future.failedFuture(disabled(webhookId));
                            }
                            return send(workspaceId, webhook, event, type);
                        }));
    }

    /** Not sent: the webhook was disabled, or deleted (a 404 then, not "disabled": review), since it was looked up. */
    private Future<Sent> send(String workspaceId, WebhookRef webhook, AcceptedEvent event, WebhookEventType type) {
        return sends.send(webhook, Resendable.render(webhook, event, type), Trigger.RESEND)
                .recover(err -> err instanceof DirectSends.NotSent
                        ? webhooks.find(workspaceId, webhook.id())
                                .compose(stillThere -> Future.failedFuture(disabled(webhook.id())))
                        : Future.failedFuture(err))
                .compose(attempt -> AttemptLog.idOf(
                                pool, webhook.id(), event.seq(), Trigger.RESEND.wire(), attempt.attemptedAt())
                        .map(id -> new Sent(id, attempt)));
    }

    static ApiException disabled(UUID webhookId) {
        return new ApiException(
                409,
                "webhook_disabled",
                "Webhook " + webhookId + " is disabled; re-enable it first " + "(PATCH {\"enabled\": true}).");
    }
}
