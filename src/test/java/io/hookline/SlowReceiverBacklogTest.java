package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a slow receiver with a large backlog holds up nobody else: ingest goes on accepting events, and
 * other webhooks get theirs, while the slow one is served as fast as it answers.
 */
class SlowReceiverBacklogTest extends IntegrationTest {

    private static final int BACKLOG = 6000;

    @Override
    protected JsonObject settings() {
        // one request at a time to the slow receiver, so nearly the whole backlog waits in Hookline's queues; a short
        // ingest timeout so a stalled ingest shows up as a refused event rather than a long wait
        return new JsonObject().put("max_in_flight_per_webhook", 1).put("ingest_timeout_ms", 3000);
    }

    @Test
    void aSlowReceiversBacklogDoesNotHoldIngestOrOtherWebhooksBack() {
        String slowWorkspace = newWorkspace();
        Receiver slow = receiver().delay(500);
        hookline.webhook(slowWorkspace, slow.url(), "message:new");
        for (int b = 0; b < BACKLOG / 1000; b++) {
            JsonArray batch = new JsonArray();
            for (int i = 0; i < 1000; i++) {
                batch.add(Events.message(slowWorkspace, Events.uid(), "received"));
            }
            assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                    .isEqualTo(202);
        }

        String otherWorkspace = newWorkspace();
        Receiver healthy = receiver();
        hookline.webhook(otherWorkspace, healthy.url(), "message:new");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            JsonObject event = Events.message(otherWorkspace, Events.uid(), "received");
            ids.add(event.getString("id"));
            assertThat(hookline.postEvent(event).status())
                    .as("event %d next to the backlog", i)
                    .isEqualTo(202);
        }

        List<Receiver.Request> got = healthy.await(20, Duration.ofSeconds(15));
        assertThat(got).extracting(r -> r.header("webhook-id")).containsExactlyInAnyOrderElementsOf(ids);
        // and the backlog is being worked off at the slow receiver's pace
        assertThat(slow.await(4, Duration.ofSeconds(10))).hasSizeGreaterThanOrEqualTo(4);
    }
}
