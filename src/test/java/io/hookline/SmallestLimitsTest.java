package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the smallest values the configuration accepts for the delivery limits still deliver everything
 * (issue 8, item 7): with a queue of one delivery per webhook, shared by two event loops, nothing stays pending.
 */
class SmallestLimitsTest extends IntegrationTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject()
                .put("queue_capacity_per_webhook", 1)
                .put("max_in_flight_per_webhook", 1)
                .put("max_connections_per_host", 1)
                .put("max_queued_deliveries", 1)
                .put("journal_max_batch", 1)
                .put("event_loops", 2);
    }

    @Test
    void aQueueCapacityOfOneStillDeliversEveryEventOnce() {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(30);
        hookline.webhook(ws, receiver.url(), "message:new");
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 8; i++) {
            batch.add(Events.message(ws, Events.uid(), "sent"));
        }

        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);

        List<Receiver.Request> got = receiver.await(8, Duration.ofSeconds(30));
        Set<String> sent =
                batch.stream().map(e -> ((JsonObject) e).getString("id")).collect(Collectors.toSet());
        assertThat(got.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()))
                .isEqualTo(sent);
        awaitCount(8, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        for (String id : sent) {
            awaitStatus(ws, id, "dispatched");
        }
        assertThat(receiver.requests()).hasSize(8);
        assertThat(count("SELECT count(*) FROM attempts WHERE workspace_id = ?", ws))
                .isEqualTo(8);
    }

    private void awaitStatus(String ws, String eventId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + eventId, null)
                    .json()
                    .getString("status");
            if (status.equals(last)) {
                return;
            }
            Receiver.sleep(50);
        }
        throw new AssertionError(eventId + " is still " + last);
    }
}
