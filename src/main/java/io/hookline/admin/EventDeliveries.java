package io.hookline.admin;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.http.Times;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An event's {@code deliveries} in event lookup: each attempt made for it ({@code delivered} or
 * {@code failed}, with its trigger), then each webhook it was meant for and did not reach — {@code pending} while
 * work on the event may remain, else {@code dropped} with the reason: {@code webhook_disabled} (disabled when the
 * event came, or before it could be sent), {@code filtered_out} (its filter rejects the event) or
 * {@code webhook_deleted}. "Meant for" is judged from the webhooks now: subscribed to one of the event's types and
 * created no later than the event; a filter is judged as it is now.
 */
final class EventDeliveries {

    private final JsonArray entries = new JsonArray();
    /** Webhooks with an attempt for the event. */
    private final Set<UUID> attempted = new HashSet<>();
    /** Webhooks listed so far, attempted or not: each is listed once. */
    private final Set<UUID> listed = new HashSet<>();

    private boolean pending;

    /** Non-test attempts, oldest first ({@link io.hookline.store.AttemptLog#ofEvent}). */
    void attempts(Iterable<Row> attempts) {
        for (Row a : attempts) {
            attempted.add(a.getUUID("webhook_id"));
            listed.add(a.getUUID("webhook_id"));
            boolean success = a.getBoolean("success");
            entries.add(new JsonObject()
                    .put("webhook_id", a.getUUID("webhook_id").toString())
                    .put("event_type", a.getString("event_type"))
                    .put("success", success)
                    .put("status_code", a.getInteger("status_code"))
                    .put("attempted_at", Times.iso(a.getOffsetDateTime("attempted_at")))
                    .put("outcome", success ? "delivered" : "failed")
                    .putNull("reason")
                    .put("trigger", a.getString("trigger")));
        }
    }

    /** The workspace's webhooks now; {@code workMayRemain}: the event is parked or its instance is not done. */
    void webhooks(AcceptedEvent event, List<WebhookRef> webhooks, boolean workMayRemain) {
        for (WebhookRef ref : webhooks) {
            WebhookEventType type = ref.firedType(event.types());
            if (type == null || listed.contains(ref.id()) || ref.createdAt().isAfter(event.receivedAt())) {
                continue;
            }
            if (!ref.filter().matches(event.event())) {
                missed(ref.id(), type.wire(), "dropped", "filtered_out");
            } else if (ref.enabled() && workMayRemain) {
                pending = true;
                missed(ref.id(), type.wire(), "pending", null);
            } else {
                missed(ref.id(), type.wire(), "dropped", "webhook_disabled");
            }
        }
    }

    /** Webhooks deleted since the event came ({@code webhook_id}, {@code before} of their audit entries). */
    void deleted(AcceptedEvent event, Iterable<Row> deletions) {
        for (Row row : deletions) {
            JsonObject before = row.getString("before") == null ? null : new JsonObject(row.getString("before"));
            UUID id = row.getUUID("webhook_id");
            if (before == null || id == null || listed.contains(id)) {
                continue;
            }
            // a webhook with several types was meant for the event if any of them fires; listed with the most specific
            WebhookEventType fired = null;
            JsonArray types = before.getJsonArray("event_types", new JsonArray().add(before.getString("event_type")));
            for (WebhookEventType candidate : event.types()) {
                if (types.contains(candidate.wire())) {
                    fired = candidate;
                }
            }
            String type = fired == null ? before.getString("event_type") : fired.wire();
            boolean subscribed = fired != null;
            OffsetDateTime created = OffsetDateTime.parse(before.getString("created_at"));
            if (subscribed && !created.isAfter(event.receivedAt())) {
                missed(id, type, "dropped", "webhook_deleted");
            }
        }
    }

    private void missed(UUID webhookId, String type, String outcome, String reason) {
        listed.add(webhookId);
        entries.add(new JsonObject()
                .put("webhook_id", webhookId.toString())
                .put("event_type", type)
                .putNull("success")
                .putNull("status_code")
                .putNull("attempted_at")
                .put("outcome", outcome)
                .put("reason", reason)
                .putNull("trigger"));
    }

    /** No attempt was made for the event (yet). */
    boolean noAttempts() {
        return attempted.isEmpty();
    }

    /** Some webhook it was meant for may still get it. */
    boolean pending() {
        return pending;
    }

    JsonArray json() {
        return entries;
    }
}
