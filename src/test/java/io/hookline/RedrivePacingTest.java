package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a parked backlog whose receiver has no room is not walked again and again: the re-drive brings it
 * back at most one batch per tick while nothing of it can go anywhere, so the CPU stays with the healthy webhooks.
 */
class RedrivePacingTest extends IntegrationTest {

    private static final int BACKLOG = 4000;
    private static final String NO_ROOM = "hookline_redrive_events_total{outcome=\"no_room\"}";

    @Override
    protected JsonObject settings() {
        // one request at a time and a tiny queue: nearly the whole backlog is parked in pending_events
        return new JsonObject().put("max_in_flight_per_webhook", 1).put("queue_capacity_per_webhook", 4);
    }

    @Test
    void aBacklogThatCannotGoAnywhereIsBroughtBackAtMostOneBatchPerSecond() throws Exception {
        String workspace = newWorkspace();
        Receiver slow = receiver().delay(2000);
        hookline.webhook(workspace, slow.url(), "message:new");
        for (int b = 0; b < BACKLOG / 1000; b++) {
            JsonArray batch = new JsonArray();
            for (int i = 0; i < 1000; i++) {
                batch.add(Events.message(workspace, Events.uid(), "received"));
            }
            assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                    .isEqualTo(202);
        }
        Await.until(
                "the backlog is parked",
                Duration.ofSeconds(30),
                () -> count("SELECT count(*) FROM pending_events") >= BACKLOG - 100);
        Await.until("the re-drive has met it", Duration.ofSeconds(10), () -> hookline.metric(NO_ROOM) > 0);

        double before = hookline.metric(NO_ROOM);
        Thread.sleep(3000); // a measured interval, not a wait for an outcome: how much the re-drive does in it
        double during = hookline.metric(NO_ROOM) - before;

        // at most one pass of 1000 per one-second tick (plus the pass under way), where a re-drive that does not
        // pace itself brings the same 4000 events back many times a second
        assertThat(during).as("events brought back in 3 s without room").isLessThanOrEqualTo(4 * 1000);
        assertThat(count("SELECT count(*) FROM pending_events"))
                .as("still parked, nothing lost")
                .isGreaterThanOrEqualTo(BACKLOG - 100);
    }
}
