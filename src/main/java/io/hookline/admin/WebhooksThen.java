package io.hookline.admin;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.webhook.SubscriptionFilter;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The workspace's webhooks as they were when an event came, read back from the audit log: the {@code before} of each
 * webhook's first change since then is how it was; a webhook unchanged since is as it is now. Event lookup judges
 * which webhooks the event was meant for, and why one did not get it, by this, not by how they are now: a filter
 * removed or a type added later does not make a webhook look as if it had been disabled.
 */
final class WebhooksThen {

    /** One webhook as it was: the types it subscribed to, its filter, and whether it was enabled. */
    record Was(List<String> types, SubscriptionFilter filter, boolean enabled) {

        /** The most specific of the event's types it subscribed to, or null. */
        WebhookEventType firedType(AcceptedEvent event) {
            WebhookEventType fired = null;
            for (WebhookEventType candidate : event.types()) {
                if (types.contains(candidate.wire())) {
                    fired = candidate;
                }
            }
            return fired;
        }
    }

    private final Map<UUID, JsonObject> firstBefore = new HashMap<>();
    private final Set<UUID> deleted = new HashSet<>();
    /** The sequence number drawn when each webhook was created, where its creation was recorded with one. */
    private final Map<UUID, Long> createdSeq = new HashMap<>();

    /** {@code changes}: {@link io.hookline.store.AuditLog#changedSince} the event came. */
    WebhooksThen(Iterable<Row> changes) {
        if (changes == null) {
            return;
        }
        for (Row row : changes) {
            firstBefore.put(row.getUUID("webhook_id"), new JsonObject(row.getString("before")));
            if (row.getBoolean("deleted")) {
                deleted.add(row.getUUID("webhook_id"));
            }
            if (row.getLong("created_seq") != null) {
                createdSeq.put(row.getUUID("webhook_id"), row.getLong("created_seq"));
            }
        }
    }

    /** {@code now} as it was when the event came. */
    Was of(WebhookRef now) {
        JsonObject before = firstBefore.get(now.id());
        if (before != null) {
            return was(before);
        }
        List<String> types = new ArrayList<>();
        now.eventTypes().forEach(type -> types.add(type.wire()));
        return new Was(types, now.filter(), now.enabled());
    }

    /** Whether the webhook was changed (or deleted) after the event came. */
    boolean changedSince(UUID webhookId) {
        return firstBefore.containsKey(webhookId);
    }

    /** The webhooks deleted since the event came, with how each was when it came; by id. */
    Map<UUID, Was> deleted() {
        Map<UUID, Was> gone = new HashMap<>();
        deleted.forEach(id -> gone.put(id, was(firstBefore.get(id))));
        return gone;
    }

    /**
     * Whether a deleted webhook existed when the event came: by sequence numbers where its creation was recorded with
     * one (V18), else by its creation time against the event's arrival.
     */
    boolean existedAt(UUID deletedId, AcceptedEvent event) {
        return WebhookRef.existedAt(
                createdSeq.getOrDefault(deletedId, 0L),
                OffsetDateTime.parse(firstBefore.get(deletedId).getString("created_at")),
                event.seq(),
                event.receivedAt());
    }

    private static Was was(JsonObject before) {
        JsonArray listed = before.getJsonArray("event_types", new JsonArray().add(before.getString("event_type")));
        List<String> types = new ArrayList<>();
        listed.forEach(type -> types.add(String.valueOf(type)));
        JsonObject filter = before.getJsonObject("filter");
        return new Was(
                types,
                SubscriptionFilter.compile(filter == null ? null : filter.encode()),
                before.getBoolean("enabled", true));
    }
}
