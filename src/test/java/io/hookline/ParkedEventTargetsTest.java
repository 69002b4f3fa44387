package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An event that waits in PostgreSQL (its webhook's queue was full) goes, when it is brought back, only to the webhooks
 * it was meant for when it was committed: a webhook re-enabled, or subscribed to the event's type, while it waited
 * does not receive an event from before, as it would not had the event been kept in memory.
 */
class ParkedEventTargetsTest extends IntegrationTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject()
                .put("queue_capacity_per_webhook", 3)
                .put("max_in_flight_per_webhook", 1)
                .put("max_queued_deliveries", 5);
    }

    @Test
    void aParkedEventGoesOnlyToTheWebhooksItWasMeantForWhenItCame() {
        String ws = newWorkspace();
        Receiver slow = receiver().delay(25);
        Receiver reenabled = receiver();
        Receiver subscribedLater = receiver();
        hookline.webhook(ws, slow.url(), "message:new");
        String off = hookline.webhook(ws, reenabled.url(), "message:new").getString("id");
        String calls = hookline.webhook(ws, subscribedLater.url(), "call:incoming:missed")
                .getString("id");
        assertThat(patch(ws, off, new JsonObject().put("enabled", false))).isEqualTo(200);
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 60; i++) {
            batch.add(Events.message(ws, Events.uid(), "sent"));
        }

        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);
        // while most of the batch waits for the slow receiver, in PostgreSQL
        awaitParked();
        assertThat(patch(ws, off, new JsonObject().put("enabled", true))).isEqualTo(200);
        assertThat(patch(
                        ws,
                        calls,
                        new JsonObject()
                                .put(
                                        "event_types",
                                        new JsonArray()
                                                .add("call:incoming:missed")
                                                .add("message:new"))))
                .isEqualTo(200);
        // event lookup, while the last event still waits, promises neither of them a delivery
        String last = batch.getJsonObject(59).getString("id");
        JsonObject waiting = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + last, null)
                .json();
        assertThat(waiting.getString("status")).isEqualTo("pending");
        assertThat(waiting.getJsonArray("deliveries").stream()
                        .map(JsonObject.class::cast)
                        .filter(d -> !"pending".equals(d.getString("outcome")))
                        .map(d ->
                                d.getString("webhook_id") + " " + d.getString("outcome") + " " + d.getString("reason"))
                        .toList())
                .containsExactly(off + " dropped webhook_disabled");

        List<Receiver.Request> got = slow.await(60, Duration.ofSeconds(60));
        Set<String> ids = new HashSet<>();
        got.forEach(r -> ids.add(r.header("webhook-id")));
        assertThat(ids).hasSize(60);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count("SELECT count(*) FROM pending_events") > 0 && System.nanoTime() < deadline) {
            Receiver.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM pending_events")).isZero();
        // negative check, a fixed window on purpose: a late re-drive would send within it
        Receiver.sleep(1000);
        assertThat(reenabled.requests()).isEmpty();
        assertThat(subscribedLater.requests()).isEmpty();
        assertThat(count("SELECT count(*) FROM attempts WHERE workspace_id = ?", ws))
                .isEqualTo(60);

        // both take what comes after their change
        assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent")).status())
                .isEqualTo(202);
        assertThat(reenabled.await(1, Duration.ofSeconds(20))).hasSize(1);
        assertThat(subscribedLater.await(1, Duration.ofSeconds(20))).hasSize(1);
    }

    @Test
    void aParkedEventWhoseWebhookWasDisabledMeanwhileSaysSo() {
        String ws = newWorkspace();
        Receiver slow = receiver().delay(100);
        String hook = hookline.webhook(ws, slow.url(), "message:new").getString("id");
        JsonArray batch = new JsonArray();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            ids.add(event.getString("id"));
            batch.add(event);
        }
        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);
        awaitParked();

        assertThat(patch(ws, hook, new JsonObject().put("enabled", false))).isEqualTo(200);

        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count("SELECT count(*) FROM pending_events") > 0 && System.nanoTime() < deadline) {
            Receiver.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM pending_events")).isZero();
        // each event reached the receiver before it was disabled, or says why it did not: its only webhook went off
        int skipped = 0;
        for (String id : ids) {
            JsonObject seen = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + id, null)
                    .json();
            JsonObject delivery = seen.getJsonArray("deliveries").getJsonObject(0);
            if (delivery.getString("outcome").equals("delivered")) {
                assertThat(seen.getString("status")).as(id).isEqualTo("dispatched");
            } else {
                assertThat(seen.getString("status")).as(id).isEqualTo("skipped");
                assertThat(seen.getString("skip_reason")).as(id).isEqualTo("webhook_disabled");
                assertThat(delivery.getString("outcome")).as(id).isEqualTo("dropped");
                assertThat(delivery.getString("reason")).as(id).isEqualTo("webhook_disabled");
                skipped++;
            }
        }
        assertThat(skipped).isGreaterThan(10);
    }

    @Test
    void aParkedEventWhoseWebhookNowFiltersItOutSaysSo() {
        String ws = newWorkspace();
        Receiver slow = receiver().delay(100);
        String hook = hookline.webhook(ws, slow.url(), "message:new").getString("id");
        JsonArray batch = new JsonArray();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            ids.add(event.getString("id"));
            batch.add(event);
        }
        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);
        awaitParked();

        // the events are sent messages: from now on the webhook only takes received ones
        assertThat(patch(ws, hook, new JsonObject().put("filter", new JsonObject().put("direction", "received"))))
                .isEqualTo(200);

        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count("SELECT count(*) FROM pending_events") > 0 && System.nanoTime() < deadline) {
            Receiver.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM pending_events")).isZero();
        long filtered = ids.stream()
                .map(id -> hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + id, null)
                        .json())
                .filter(seen -> "skipped".equals(seen.getString("status")))
                .peek(seen -> assertThat(seen.getString("skip_reason")).isEqualTo("filtered_out"))
                .peek(seen -> assertThat(
                                seen.getJsonArray("deliveries").getJsonObject(0).getString("reason"))
                        .as("the webhook's own reason agrees with the event's")
                        .isEqualTo("filtered_out"))
                .count();
        assertThat(filtered)
                .as("parked events the webhook's new filter refused")
                .isPositive();
    }

    private void awaitParked() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count("SELECT count(*) FROM pending_events") == 0 && System.nanoTime() < deadline) {
            Receiver.sleep(10);
        }
        assertThat(count("SELECT count(*) FROM pending_events")).isPositive();
    }

    private int patch(String ws, String webhook, JsonObject body) {
        return hookline.admin("PATCH", "/v1/workspaces/" + ws + "/webhooks/" + webhook, body)
                .status();
    }
}
