package io.hookline.admin;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.http.Times;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An event's {@code deliveries} in event lookup: each attempt made for it ({@code delivered} or
 * {@code failed}, with its trigger), then each webhook it was meant for and did not reach — {@code pending} while
 * work on the event may remain, else {@code dropped} with the reason: {@code webhook_disabled} (disabled when the
 * event came, or before it could be sent), {@code filtered_out} (its filter rejects the event, or the event's recorded
 * skip says so) or
 * {@code webhook_deleted}. "Meant for" is judged from the webhooks as they were when the event came
 * ({@link WebhooksThen}): subscribed to one of the event's types then, and created no later than the event; so is
 * the filter.
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

    /**
     * The workspace's webhooks now, each judged as it was when the event came ({@code then}); {@code workMayRemain}: the
     * event is parked or its instance is not done; {@code owed}: the webhooks its pending row still routes it to, or
     * null when it has none that says. A webhook is {@code pending} while work on the event remains and it may still
     * get it: enabled then and now and, for a parked event, still on its list.
     */
    void webhooks(
            AcceptedEvent event,
            List<WebhookRef> webhooks,
            WebhooksThen then,
            boolean workMayRemain,
            Set<UUID> owed,
            String recordedSkip) {
        for (WebhookRef ref : webhooks) {
            if (listed.contains(ref.id()) || !ref.existedAt(event.seq(), event.receivedAt())) {
                continue;
            }
            WebhooksThen.Was was = then.of(ref);
            WebhookEventType type = was.firedType(event);
            if (type == null) {
                continue; // not subscribed to it then
            }
            if (!was.filter().matches(event.event())) {
                missed(ref.id(), type.wire(), "dropped", "filtered_out");
            } else if (!was.enabled() || !ref.enabled() || (owed != null && !owed.contains(ref.id()))) {
                missed(ref.id(), type.wire(), "dropped", "webhook_disabled");
            } else if (workMayRemain) {
                // A parked event may still be held in memory (it is parked after two seconds unfinished) and go out
                // as routed; only the re-drive judges it by the webhook's types and filter of now. Which of the two
                // will send it cannot be told from here, so the outcome is not known yet (review: "dropped" was said
                // of events then delivered).
                pending = true;
                missed(ref.id(), type.wire(), "pending", null);
            } else {
                settled(event, ref, type, then.changedSince(ref.id()) ? null : recordedSkip);
            }
        }
    }

    /**
     * Meant for it, enabled then and now, settled, and nothing attempted: refused by the filter or the types an instance
     * held a moment before a change (the routing window, docs/api.md; recorded as the event's skip), by the re-drive's
     * filter or types of now, or dropped while the webhook was briefly disabled. It read webhook_disabled for the first
     * (black-box review). {@code recordedSkip} is null when the webhook changed since the event: a re-drive records one
     * reason for every webhook a parked event was owed to, so it does not speak for this one (review).
     */
    private void settled(AcceptedEvent event, WebhookRef ref, WebhookEventType type, String recordedSkip) {
        if ("no_matching_webhook".equals(recordedSkip)) {
            listed.add(ref.id()); // not subscribed, as the event was routed
            return;
        }
        boolean passes = ref.filter().matches(event.event()) && !"filtered_out".equals(recordedSkip);
        missed(ref.id(), type.wire(), "dropped", passes ? "webhook_disabled" : "filtered_out");
    }

    /** Webhooks deleted since the event came that it was meant for then. */
    void deleted(AcceptedEvent event, WebhooksThen then) {
        then.deleted().forEach((id, was) -> {
            WebhookEventType type = was.firedType(event);
            if (type == null || listed.contains(id) || !then.existedAt(id, event)) {
                return;
            }
            boolean matched = was.filter().matches(event.event());
            missed(id, type.wire(), "dropped", matched ? "webhook_deleted" : "filtered_out");
        });
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

    /**
     * The skip an event with no attempt at all reads when no webhook will get it: {@code webhook_disabled} when a webhook
     * it was meant for was disabled or deleted before it could be sent (e.g. a fold dropped with its webhook), else
     * {@code filtered_out}; null while any may still get it or when there is nothing to judge by.
     */
    String skipFromDeliveries() {
        if (!attempted.isEmpty() || pending || entries.isEmpty()) {
            return null;
        }
        boolean disabled = false;
        for (int i = 0; i < entries.size(); i++) {
            String reason = entries.getJsonObject(i).getString("reason");
            disabled |= !"filtered_out".equals(reason);
        }
        return disabled ? "webhook_disabled" : "filtered_out";
    }

    /** Some webhook it was meant for may still get it. */
    boolean pending() {
        return pending;
    }

    JsonArray json() {
        return entries;
    }
}
