package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Verifies that deliveries which do not fit in a webhook's in-memory queue wait in PostgreSQL and are delivered
 * later, each exactly once — nothing accepted is dropped; and that those still waiting when their workspace is
 * deleted read as skipped, not as dispatched.
 */
class OverflowTest extends IntegrationTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject()
                .put("queue_capacity_per_webhook", 3)
                .put("max_in_flight_per_webhook", 1)
                .put("max_queued_deliveries", 5);
    }

    @Test
    void everyEventIsDeliveredOnceEvenWhenTheQueuesOverflow() {
        String ws = newWorkspace();
        Receiver slow = receiver().delay(20);
        Receiver other = receiver().delay(20);
        hookline.webhook(ws, slow.url(), "message:new");
        hookline.webhook(ws, other.url(), "message:sent:new");
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 60; i++) {
            batch.add(Events.message(ws, Events.uid(), "sent"));
        }

        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);

        for (Receiver receiver : List.of(slow, other)) {
            List<Receiver.Request> got = receiver.await(60, Duration.ofSeconds(60));
            Set<String> ids = new HashSet<>();
            got.forEach(r -> ids.add(r.header("webhook-id")));
            assertThat(ids).hasSize(60);
        }
        // negative check, a fixed window on purpose: no delivery may arrive a second time within it
        Receiver.sleep(1500);
        assertThat(slow.requests()).hasSize(60);
        assertThat(other.requests()).hasSize(60);
        awaitCount(120, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count("SELECT count(*) FROM pending_events") > 0 && System.nanoTime() < deadline) {
            Receiver.sleep(50);
        }
        assertThat(count("SELECT count(*) FROM pending_events")).isZero();
    }

    @Test
    void eventsWaitingInPostgresWhenTheirWorkspaceIsDeletedReadAsSkipped() {
        String ws = newWorkspace();
        Receiver slow = receiver().delay(3000);
        hookline.webhook(ws, slow.url(), "message:new");
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 10; i++) {
            batch.add(Events.message(ws, Events.uid(), "sent"));
        }
        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);
        awaitCount(
                1, "SELECT count(*) FROM pending_events p JOIN events e ON e.seq = p.seq WHERE e.workspace_id = ?", ws);

        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws, null).status())
                .isEqualTo(204);

        for (Object item : batch) {
            String id = ((JsonObject) item).getString("id");
            String lookup = "/v1/workspaces/" + ws + "/events/" + id;
            long deadline = System.nanoTime() + 20_000_000_000L;
            JsonObject found = hookline.admin("GET", lookup, null).json();
            while ("pending".equals(found.getString("status")) && System.nanoTime() < deadline) {
                Receiver.sleep(50);
                found = hookline.admin("GET", lookup, null).json();
            }
            long attempts = found.getJsonArray("deliveries").stream()
                    .filter(d -> ((JsonObject) d).getString("attempted_at") != null)
                    .count();
            String outcome = found.getString("status") + " " + found.getString("skip_reason");
            assertThat(outcome)
                    .as(found.encode())
                    .isEqualTo(attempts > 0 ? "dispatched null" : "skipped webhook_disabled");
        }
    }
}
