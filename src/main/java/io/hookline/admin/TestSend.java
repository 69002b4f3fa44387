package io.hookline.admin;

import io.hookline.delivery.AttemptRows;
import io.hookline.delivery.Sender;
import io.hookline.delivery.Trigger;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.payload.PayloadRenderer;
import io.hookline.store.AttemptLog;
import io.hookline.store.Journal;
import io.hookline.store.StoredEvent;
import io.hookline.webhook.WebhookRef;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * "Save and test": sends the workspace's most recent event of the webhook's type (for message types, the most
 * recent message of either direction) right now, rendered in the webhook's format and signed, and records it as
 * a test attempt — logged, but never counted toward auto-disable.
 */
final class TestSend {

    private final Pool pool;
    private final WebhookStore webhooks;
    private final Sender sender;

    TestSend(Pool pool, WebhookStore webhooks, Sender sender) {
        this.pool = pool;
        this.webhooks = webhooks;
        this.sender = sender;
    }

    Future<JsonObject> run(String workspaceId, UUID webhookId) {
        return webhooks.find(workspaceId, webhookId)
                .compose(webhook -> latestEvent(webhook).compose(event -> send(webhook, event)));
    }

    /** The most recent event of any of the webhook's types (its filter is not applied: a test is asked for). */
    private Future<AcceptedEvent> latestEvent(WebhookRef webhook) {
        String[] bases = webhook.eventTypes().stream()
                .map(t -> t.isMessageType() ? WebhookEventType.MESSAGE_NEW : t)
                .distinct()
                .map(WebhookEventType::wire)
                .toArray(String[]::new);
        return Journal.latestOfTypes(pool, webhook.workspaceId(), bases).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(new ApiException(
                        409,
                        "nothing_to_send",
                        "Workspace '" + webhook.workspaceId()
                                + "' has no "
                                + (webhook.eventType().isMessageType()
                                        ? "message"
                                        : webhook.eventType().wire() + " event")
                                + " yet to test this webhook with."));
            }
            AcceptedEvent event = StoredEvent.from(rows.iterator().next());
            return event == null
                    ? Future.failedFuture(
                            new ApiException(409, "nothing_to_send", "The most recent event can no longer be read."))
                    : Future.succeededFuture(event);
        });
    }

    private Future<JsonObject> send(WebhookRef webhook, AcceptedEvent event) {
        WebhookEventType type = webhook.firedType(event.types());
        return sender.send(
                        webhook,
                        PayloadRenderer.render(
                                event.seq(),
                                event.eventId(),
                                event.event(),
                                type == null ? webhook.eventType() : type,
                                webhook.format(),
                                event.reactions()),
                        Trigger.TEST,
                        null)
                .compose(attempt -> AttemptLog.insertOne(pool, AttemptRows.of(List.of(attempt)))
                        .map(id -> AttemptJson.logEntry(id, attempt)));
    }
}
